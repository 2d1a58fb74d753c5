#!/usr/bin/env python3
"""Label smoothing against PyTorch: lstmkit's softmax cross-entropy with ε (nn/loss.h) on random logits,
with <pad> rows ignored, equals torch.nn.functional.cross_entropy(logits, targets, ignore_index=0,
label_smoothing=ε) in float64, loss and gradient on the logits, to 1e-6; ε = 0 is plain cross-entropy.

usage: test_label_smoothing_parity.py PATH/TO/lstmkit PATH/TO/lstmkit_parity_dump
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


def check(dump, R, V, eps, seed, failures):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "loss.safetensors")
        subprocess.run([dump, path, "loss", str(R), str(V), str(eps), str(seed)], check=True)
        t, _ = safetensors_numpy.load(path)
    logits = torch.tensor(t["logits"], dtype=torch.float64, requires_grad=True)
    targets = torch.tensor(t["targets"], dtype=torch.int64)
    loss = torch.nn.functional.cross_entropy(logits, targets, ignore_index=0, label_smoothing=eps)
    loss.backward()
    print(f"R={R} V={V} eps={eps}")
    compare("loss", t["loss"], loss.detach().numpy().reshape(1), failures, TOL)
    compare("dlogits", t["dlogits"], logits.grad.numpy(), failures, TOL)


def main():
    dump = sys.argv[2]
    failures = []
    for R, V, eps, seed in [(12, 7, 0.1, 1), (30, 50, 0.2, 2), (9, 3, 0.0, 3), (20, 11, 0.9, 4)]:
        check(dump, R, V, eps, seed, failures)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
