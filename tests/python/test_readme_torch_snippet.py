#!/usr/bin/env python3
"""The README's PyTorch snippet, run as written: it loads a checkpoint `lstmkit train-lm` wrote into a
module with `rnn` and `head` (strict load_state_dict), and that module's loss over a text equals the one
`lstmkit eval --json` reports; its last line prints a token of the vocabulary.

usage: test_readme_torch_snippet.py PATH/TO/lstmkit [ignored]
"""
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile

import torch

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")
SNIPPET_PATH = "runs/shakespeare/model.safetensors"
TEXT = "ROMEO: But soft, what light through yonder window breaks?\n" * 30


def snippet():
    """The indented block of README.md that begins with the snippet's import line."""
    lines = open(README, encoding="utf-8").read().splitlines()
    start = lines.index("    import json, struct, torch")
    block = []
    for line in lines[start:]:
        if line and not line.startswith("    "):
            break
        block.append(line[4:])
    return "\n".join(block).rstrip() + "\n"


def main():
    lstmkit = sys.argv[1]
    code = snippet()
    if SNIPPET_PATH not in code:
        sys.exit(f"FAILED: the README's snippet no longer loads {SNIPPET_PATH}")
    with tempfile.TemporaryDirectory() as tmp:
        text_path = os.path.join(tmp, "romeo.txt")
        with open(text_path, "w", encoding="utf-8") as f:
            f.write(TEXT)
        out = os.path.join(tmp, "run")
        for cell in ("lstm", "gru", "rnn"):
            subprocess.run([lstmkit, "train-lm", "--text", text_path, "--out", out, "--force", "--quiet", "--cell", cell,
                            "--epochs", "1", "--hidden", "12", "--layers", "2", "--batch", "4", "--seq-len", "20",
                            "--threads", "1"], check=True)
            model_path = os.path.join(out, "model.safetensors")
            scope = {}
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(code.replace(SNIPPET_PATH, model_path), "README.md", "exec"), scope)
            model, tokens = scope["model"], scope["tokens"]
            if printed.getvalue().rstrip("\n") not in tokens:
                sys.exit(f"FAILED: {cell}: the snippet printed {printed.getvalue()!r}, not a token")

            ids = torch.tensor([tokens.index(c) for c in TEXT])
            with torch.no_grad():
                y, _ = model.rnn(torch.nn.functional.one_hot(ids[:-1], len(tokens)).float().unsqueeze(1))
                torch_loss = torch.nn.functional.cross_entropy(model.head(y).squeeze(1), ids[1:]).item()
            report = subprocess.run([lstmkit, "eval", "--model", model_path, "--text", text_path, "--json",
                                     "--threads", "1"], check=True, capture_output=True, text=True).stdout
            ours = json.loads(report)["loss"]
            print(f"{cell}: lstmkit eval {ours:.6f} nats/char, the README's module in PyTorch {torch_loss:.6f}")
            if abs(ours - torch_loss) > 1e-4:
                sys.exit(f"FAILED: {cell}: losses differ by {abs(ours - torch_loss):.2e}")
    print("the README's snippet loads checkpoints into PyTorch")


if __name__ == "__main__":
    main()
