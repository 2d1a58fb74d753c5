#!/usr/bin/env python3
"""PyTorch parity for the whole attention translator (train-s2s's default: embeddings, a bidirectional
LSTM encoder, the tanh bridge, Luong attention with input feeding, the head): its loss and every
parameter's gradient on one batch, computed by lstmkit and by a PyTorch model that loads lstmkit's
checkpoint with load_state_dict(strict=True).

lstmkit's side comes from the binary itself: two one-step SGD runs from the same initialisation (same
--seed) with learning rates 1 and 2 give W1 = W0 - g and W2 = W0 - 2g, so g = W1 - W2 and W0 = 2·W1 - W2;
the step's loss is log.csv's first train_loss. The four pairs share one source length, so the step is
one batch whose token weight is 1 (s2s_task.h) and whose mean loss is PyTorch's CrossEntropyLoss.
PyTorch's initialisation (--init torch): with Keras' small embeddings the attention's query gradients
are below 1e-6, too small to compare.

usage: test_s2s_attention_parity.py PATH/TO/lstmkit PATH/TO/lstmkit_parity_dump
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_numpy  # noqa: E402
from parity_compare import compare  # noqa: E402
from test_attention_parity import Decoder  # noqa: E402

TOL = 1e-4  # the gradient is a difference of two float32 checkpoints
PAIRS = [("abc", "xy"), ("bca", "zwxy"), ("cab", "w"), ("acb", "yzxw")]
E, H = 4, 5


class Translator(torch.nn.Module):
    def __init__(self, vs, vt, attn_type):
        super().__init__()
        self.encoder = torch.nn.ModuleDict({"rnn": torch.nn.LSTM(E, H, 1, bidirectional=True),
                                            "embed": torch.nn.Embedding(vs, E, padding_idx=0)})
        self.bridge = torch.nn.ModuleDict({"h": torch.nn.Linear(2 * H, H), "c": torch.nn.Linear(2 * H, H)})
        self.decoder = Decoder("lstm", E, H, 1, 2 * H, attn_type)
        self.decoder.embed = torch.nn.Embedding(vt, E, padding_idx=0)
        self.head = torch.nn.Linear(H, vt)

    def forward(self, src, dec_in):
        memory, (h, c) = self.encoder["rnn"](self.encoder["embed"](src))
        h0 = torch.tanh(self.bridge["h"](torch.cat([h[0], h[1]], 1))).unsqueeze(0)
        c0 = self.bridge["c"](torch.cat([c[0], c[1]], 1)).unsqueeze(0)
        lengths = torch.full((src.shape[1],), src.shape[0], dtype=torch.long)
        out, _ = self.decoder(self.decoder.embed(dec_in), memory, lengths, (h0, c0))
        return self.head(out)


def train_one_step(lstmkit, tmp, pairs, lr, attention):
    out = os.path.join(tmp, f"run{lr}")
    subprocess.run([lstmkit, "train-s2s", "--pairs", pairs, "--out", out, "--val-frac", "0", "--epochs", "1",
                    "--batch", "4", "--optimizer", "sgd", "--lr", str(lr), "--clip", "0", "--hidden", str(H),
                    "--embed", str(E), "--attention", attention, "--bidirectional", "--reverse-source", "false",
                    "--seed", "5", "--init", "torch", "--threads", "1", "--quiet"], check=True)
    tensors, meta = safetensors_numpy.load(os.path.join(out, "last.safetensors"))
    with open(os.path.join(out, "log.csv")) as f:
        loss = float(next(csv.DictReader(f))["batch_loss"])
    return {k: v for k, v in tensors.items() if not k.startswith("optim.")}, meta, loss


def check(lstmkit, attention, failures):
    print(f"attention {attention}")
    with tempfile.TemporaryDirectory() as tmp:
        pairs = os.path.join(tmp, "pairs.tsv")
        with open(pairs, "w") as f:
            f.writelines(f"{s}\t{t}\n" for s, t in PAIRS)
        w1, meta, loss1 = train_one_step(lstmkit, tmp, pairs, 1, attention)
        w2, _, loss2 = train_one_step(lstmkit, tmp, pairs, 2, attention)
    assert loss1 == loss2, (loss1, loss2)  # the same first step
    source = {t: i for i, t in enumerate(json.loads(meta["source_vocab"])["tokens"])}
    target = {t: i for i, t in enumerate(json.loads(meta["target_vocab"])["tokens"])}
    model = Translator(len(source), len(target), "general" if attention == "luong" else "mlp").double()
    w0 = {k: torch.from_numpy(2.0 * w1[k].astype("float64") - w2[k]) for k in w1}
    model.load_state_dict(w0, strict=True)  # raises on any missing, unexpected or mis-shaped tensor

    src = torch.tensor([[source[s[t]] for s, _ in PAIRS] for t in range(3)])
    longest = max(len(t) for _, t in PAIRS) + 1
    dec_in = torch.zeros(longest, len(PAIRS), dtype=torch.long)
    dec_out = torch.zeros(longest, len(PAIRS), dtype=torch.long)
    for n, (_, t) in enumerate(PAIRS):
        ids = [target[ch] for ch in t]
        for i, v in enumerate([2] + ids):  # <s> y_1 … y_n
            dec_in[i, n] = v
        for i, v in enumerate(ids + [3]):  # y_1 … y_n </s>
            dec_out[i, n] = v
    logits = model(src, dec_in)
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), dec_out.reshape(-1), ignore_index=0)
    loss.backward()
    compare("loss", [loss1], [loss.item()], failures, 1e-5)
    for name, p in model.named_parameters():
        compare("grad." + name, w1[name] - w2[name], p.grad, failures, TOL)
        # Every tensor learns from this batch (the <pad> rows of the embeddings excepted), so each
        # comparison is of a gradient, not of two zeros.
        if p.grad.abs().max().item() < 1e-6:
            failures.append(f"grad.{name}: zero, nothing compared")


def main():
    failures = []
    for attention in ("luong", "bahdanau"):
        check(sys.argv[1], attention, failures)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("all whole-model attention parity checks passed")


if __name__ == "__main__":
    main()
