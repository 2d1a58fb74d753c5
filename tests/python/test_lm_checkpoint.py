#!/usr/bin/env python3
"""A language model trained by `lstmkit train-lm` loads into torch.nn.LSTM + nn.Linear (one-hot input,
strict load_state_dict), and the loss `lstmkit eval` reports equals the one PyTorch computes with those
weights over the same text read as one sequence from a zero state.

usage: test_lm_checkpoint.py PATH/TO/lstmkit [ignored]
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_numpy  # noqa: E402

TEXT = ("To be, or not to be, that is the question:\n"
        "Whether 'tis nobler in the mind to suffer\n"
        "The slings and arrows of outrageous fortune,\n") * 12


def main():
    lstmkit = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        text_path = os.path.join(tmp, "hamlet.txt")
        with open(text_path, "w", encoding="utf-8") as f:
            f.write(TEXT)
        out = os.path.join(tmp, "run")
        for cell in ("lstm", "gru"):
            subprocess.run([lstmkit, "train-lm", "--text", text_path, "--out", out, "--force", "--quiet",
                            "--cell", cell, "--epochs", "2", "--hidden", "24", "--layers", "2",
                            "--batch", "4", "--seq-len", "25"], check=True)
            model_path = os.path.join(out, "model.safetensors")
            tensors, meta = safetensors_numpy.load(model_path)
            config = json.loads(meta["config"])
            tokens = json.loads(meta["vocab"])["tokens"]
            assert meta["kind"] == "lm" and config["cell"] == cell, meta
            V, H, L = len(tokens), config["hidden"], config["layers"]

            rnn = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](V, H, L).double()
            head = torch.nn.Linear(H, V).double()
            model = torch.nn.ModuleDict({"rnn": rnn, "head": head})
            model.load_state_dict({k: torch.from_numpy(v).double() for k, v in tensors.items()}, strict=True)

            index = {t: i for i, t in enumerate(tokens)}
            ids = torch.tensor([index[c] for c in TEXT])
            with torch.no_grad():
                y, _ = rnn(torch.nn.functional.one_hot(ids[:-1], V).double().unsqueeze(1))
                torch_loss = torch.nn.functional.cross_entropy(head(y).squeeze(1), ids[1:]).item()

            report = subprocess.run([lstmkit, "eval", "--model", model_path, "--text", text_path],
                                    check=True, capture_output=True, text=True).stdout
            ours = float(re.search(r"^loss\s+([0-9.]+) nats", report, re.M).group(1))
            print(f"{cell}: lstmkit eval {ours:.4f} nats/char, PyTorch {torch_loss:.6f}")
            # eval prints 4 decimals: allow that rounding plus the 1e-4 parity tolerance.
            if abs(ours - torch_loss) > 1.5e-4:
                print(f"FAILED: {cell} losses differ by {abs(ours - torch_loss):.2e}")
                sys.exit(1)
    print("checkpoints load into PyTorch and losses agree")


if __name__ == "__main__":
    main()
