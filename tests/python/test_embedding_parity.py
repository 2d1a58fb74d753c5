#!/usr/bin/env python3
"""PyTorch parity of a language model with a learned embedding: lstmkit's checkpoint loads into
nn.Embedding(padding_idx=0) + nn.LSTM/GRU/RNN + nn.Linear with load_state_dict(strict=True) — tied
models too, with the embedding and the head sharing one Parameter — and the mean cross-entropy and every
parameter's gradient agree to 1e-5 (PyTorch in float64).

usage: test_embedding_parity.py PATH/TO/lstmkit PATH/TO/lstmkit_parity_dump
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_numpy  # noqa: E402
from parity_compare import compare  # noqa: E402

CELLS = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}
TOL = 1e-5


class LanguageModel(torch.nn.Module):
    def __init__(self, cell, V, E, H, L, tie):
        super().__init__()
        self.embed = torch.nn.Embedding(V, E, padding_idx=0)
        self.rnn = CELLS[cell](E, H, L)
        self.head = torch.nn.Linear(H, V)
        if tie:
            self.embed.weight = self.head.weight

    def forward(self, ids):
        y, _ = self.rnn(self.embed(ids))
        return self.head(y)


def check(dump, cell, V, E, H, L, T, N, seed, tie, failures):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "parity.safetensors")
        subprocess.run([dump, path, "lm", cell, str(V), str(E), str(H), str(L), str(T), str(N), str(seed),
                        "1" if tie else "0"], check=True)
        t, meta = safetensors_numpy.load(path)
    print(f"{cell} V={V} E={E} H={H} L={L} T={T} N={N} {'tied' if tie else 'untied'}")
    assert meta["format"] == "lstmkit-checkpoint", meta
    if tie:  # stored under both names, the same values
        assert np.array_equal(t["embed.weight"], t["head.weight"]), "tied copies differ"
    model = LanguageModel(cell, V, E, H, L, tie).double()
    state = {k: torch.from_numpy(v).double() for k, v in t.items() if k.startswith(("embed.", "rnn.", "head."))}
    model.load_state_dict(state, strict=True)  # raises on any missing, unexpected or mis-shaped tensor

    ids = torch.from_numpy(t["ids"]).long()
    targets = torch.from_numpy(t["targets"]).long()
    logits = model(ids)
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), targets.reshape(-1))
    loss.backward()
    compare("loss", t["loss"], loss.detach().reshape(1), failures, TOL)
    # Every state_dict name, a tied Parameter under both of its names.
    for name in sorted(k for k in t if k.startswith("grad.")):
        compare(name, t[name], model.get_parameter(name[len("grad."):]).grad, failures, TOL)
    expected = {"grad." + n for n in model.state_dict()}
    missing = expected - set(t)
    if missing:
        failures.append(f"no lstmkit gradient for {sorted(missing)}")


def main():
    dump = sys.argv[2]
    failures = []
    # V ≠ E ≠ H ≠ T ≠ N, ids over the whole vocabulary (<pad> included, so padding_idx matters).
    for cell in ("lstm", "gru", "rnn"):
        check(dump, cell, V=11, E=6, H=5, L=2, T=7, N=3, seed=21, tie=False, failures=failures)
        check(dump, cell, V=11, E=5, H=5, L=2, T=7, N=3, seed=22, tie=True, failures=failures)
    check(dump, "lstm", V=40, E=16, H=24, L=1, T=12, N=5, seed=23, tie=False, failures=failures)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("all embedding parity checks passed")


if __name__ == "__main__":
    main()
