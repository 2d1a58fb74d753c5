#!/usr/bin/env python3
"""PyTorch parity for the bidirectional stack: a checkpoint written by lstmkit loads into
nn.LSTM / nn.GRU / nn.RNN(bidirectional=True) with load_state_dict(strict=True) (tensor names with
_reverse), and the outputs [T, N, 2H], final states [2L, N, H] and every gradient agree to 1e-5.

usage: test_bidirectional_parity.py PATH/TO/lstmkit PATH/TO/lstmkit_parity_dump
(lstmkit_bidirectional_dump is found beside lstmkit_parity_dump)
"""
import os
import subprocess
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_numpy  # noqa: E402
from parity_compare import compare  # noqa: E402

TOL = 1e-5
CELLS = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}


def check(dump, cell, I, H, L, T, N, seed, failures):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bidirectional.safetensors")
        subprocess.run([dump, path, cell, str(I), str(H), str(L), str(T), str(N), str(seed)], check=True)
        t, meta = safetensors_numpy.load(path)
    print(f"{cell} bidirectional I={I} H={H} L={L} T={T} N={N}")
    assert meta["format"] == "lstmkit-checkpoint", meta
    rnn = CELLS[cell](I, H, L, bidirectional=True).double()
    model = torch.nn.ModuleDict({"rnn": rnn})
    state = {k: torch.from_numpy(v).double() for k, v in t.items() if k.startswith("rnn.")}
    model.load_state_dict(state, strict=True)  # raises on any missing, unexpected or mis-shaped tensor

    def leaf(name):
        return torch.from_numpy(t[name]).double().requires_grad_()

    x, h0 = leaf("x"), leaf("h0")
    if cell == "lstm":
        c0 = leaf("c0")
        y, (h_n, c_n) = rnn(x, (h0, c0))
    else:
        y, h_n = rnn(x, h0)
    loss = (y * torch.from_numpy(t["dy"]).double()).sum() + (h_n * torch.from_numpy(t["dh_n"]).double()).sum()
    if cell == "lstm":
        loss = loss + (c_n * torch.from_numpy(t["dc_n"]).double()).sum()
    loss.backward()

    compare("y", t["y"], y.detach(), failures, TOL)
    compare("h_n", t["h_n"], h_n.detach(), failures, TOL)
    compare("grad.x", t["grad.x"], x.grad, failures, TOL)
    compare("grad.h0", t["grad.h0"], h0.grad, failures, TOL)
    if cell == "lstm":
        compare("c_n", t["c_n"], c_n.detach(), failures, TOL)
        compare("grad.c0", t["grad.c0"], c0.grad, failures, TOL)
    for name, p in model.named_parameters():
        compare("grad." + name, t["grad." + name], p.grad, failures, TOL)


def main():
    dump = os.path.join(os.path.dirname(os.path.abspath(sys.argv[2])), "lstmkit_bidirectional_dump")
    failures = []
    for cell in ("lstm", "gru", "rnn"):
        check(dump, cell, I=5, H=4, L=2, T=6, N=3, seed=31, failures=failures)
    check(dump, "lstm", I=3, H=7, L=1, T=1, N=1, seed=32, failures=failures)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("all bidirectional parity checks passed")


if __name__ == "__main__":
    main()
