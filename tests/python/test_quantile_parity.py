#!/usr/bin/env python3
"""The pinball loss against PyTorch: lstmkit's nn::quantile_loss on random predictions [R, Q, O] of
random targets [R, O] equals Darts' QuantileRegression formula written in torch — max(τ·u, (τ−1)·u) with
u = t − y, summed over the quantiles, averaged over rows and targets — in float64, loss and gradient on
the predictions, to 1e-6.

usage: test_quantile_parity.py PATH/TO/lstmkit PATH/TO/lstmkit_parity_dump
"""
import os
import subprocess
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_numpy  # noqa: E402
from parity_compare import compare  # noqa: E402

TOL = 1e-6


def check(dump, R, Q, O, seed, failures):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "quantile.safetensors")
        subprocess.run([dump, path, "quantile", str(R), str(Q), str(O), str(seed)], check=True)
        t, _ = safetensors_numpy.load(path)
    y = torch.tensor(t["y"], dtype=torch.float64, requires_grad=True)
    target = torch.tensor(t["t"], dtype=torch.float64)
    taus = torch.tensor(t["taus"], dtype=torch.float64)
    u = target.unsqueeze(1) - y                          # [R, Q, O]
    tau = taus.view(1, -1, 1)
    loss = torch.maximum(tau * u, (tau - 1) * u).sum(dim=1).mean()
    loss.backward()
    print(f"R={R} Q={Q} O={O}")
    compare("loss", t["loss"], loss.detach().numpy().reshape(1), failures, TOL)
    compare("dy", t["dy"], y.grad.numpy(), failures, TOL)


def main():
    dump = sys.argv[2]
    failures = []
    for R, Q, O, seed in [(12, 3, 1, 1), (40, 5, 2, 2), (7, 1, 3, 3), (25, 9, 1, 4)]:
        check(dump, R, Q, O, seed, failures)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("quantile loss parity: ok")


if __name__ == "__main__":
    main()
