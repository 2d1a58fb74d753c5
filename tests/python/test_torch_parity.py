#!/usr/bin/env python3
"""PyTorch parity: a checkpoint written by lstmkit loads into nn.LSTM / nn.GRU / nn.RNN + nn.Linear with
load_state_dict(strict=True), and outputs, final states and every gradient agree to 1e-4.

usage: test_torch_parity.py PATH/TO/lstmkit PATH/TO/lstmkit_parity_dump
"""
import os
import subprocess
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_numpy  # noqa: E402
from parity_compare import compare  # noqa: E402

CELLS = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}
TOL = 1e-4


def check(dump, cell, I, H, L, O, T, N, seed, failures):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "parity.safetensors")
        subprocess.run([dump, path, cell, str(I), str(H), str(L), str(O), str(T), str(N), str(seed)], check=True)
        t, meta = safetensors_numpy.load(path)
    print(f"{cell} I={I} H={H} L={L} O={O} T={T} N={N}")
    assert meta["format"] == "lstmkit-checkpoint", meta
    rnn = CELLS[cell](I, H, L).double()
    head = torch.nn.Linear(H, O).double()
    model = torch.nn.ModuleDict({"rnn": rnn, "head": head})
    state = {k: torch.from_numpy(v).double() for k, v in t.items() if k.startswith(("rnn.", "head."))}
    model.load_state_dict(state, strict=True)  # raises on any missing, unexpected or mis-shaped tensor

    x = torch.from_numpy(t["x"]).double().requires_grad_()
    h0 = torch.from_numpy(t["h0"]).double().requires_grad_()
    if cell == "lstm":
        c0 = torch.from_numpy(t["c0"]).double().requires_grad_()
        y, (h_n, c_n) = rnn(x, (h0, c0))
    else:
        y, h_n = rnn(x, h0)
    out = head(y)
    loss = (out * torch.from_numpy(t["dout"]).double()).sum() + (h_n * torch.from_numpy(t["dh_n"]).double()).sum()
    if cell == "lstm":
        loss = loss + (c_n * torch.from_numpy(t["dc_n"]).double()).sum()
    loss.backward()

    compare("out", t["out"], out.detach(), failures, TOL)
    compare("h_n", t["h_n"], h_n.detach(), failures, TOL)
    compare("grad.x", t["grad.x"], x.grad, failures, TOL)
    compare("grad.h0", t["grad.h0"], h0.grad, failures, TOL)
    if cell == "lstm":
        compare("c_n", t["c_n"], c_n.detach(), failures, TOL)
        compare("grad.c0", t["grad.c0"], c0.grad, failures, TOL)
    for name, p in model.named_parameters():
        compare("grad." + name, t["grad." + name], p.grad, failures, TOL)


def main():
    dump = sys.argv[2]
    failures = []
    # I ≠ H ≠ N ≠ T, two layers, and the edge shapes batch 1 and T = 1.
    for cell in ("lstm", "gru", "rnn"):
        check(dump, cell, I=7, H=5, L=2, O=3, T=6, N=4, seed=11, failures=failures)
        check(dump, cell, I=3, H=9, L=1, O=2, T=1, N=1, seed=12, failures=failures)
    check(dump, "lstm", I=65, H=32, L=3, O=65, T=20, N=8, seed=13, failures=failures)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("all parity checks passed")


if __name__ == "__main__":
    main()
