#!/usr/bin/env python3
"""PyTorch 1.13 reference for `lstmkit train-lm`: the same data split, batching and model.

char-rnn batching (N parallel streams read in T-long windows, state carried between windows and reset at
each epoch), one-hot input (or --embed E: nn.Embedding), L×H nn.LSTM, nn.Linear head, Adam, global-norm
clipping, last --val-frac of the text as validation. Prints one line per epoch: epoch, val loss (nats per
token), seconds, tokens/s. --unit word cuts the text into words, runs of spaces and single punctuation
marks (close to ICU's word breaks, which lstmkit uses: spaces and punctuation stay tokens), and
--max-vocab N keeps the N most frequent tokens, the rest one <unk> id.

Run with Debian's interpreter, which has python3-torch:  /usr/bin/python3 tools/bench/torch_char_lm.py
"""
import argparse
import collections
import os
import re
import time
import unicodedata

import torch
import torch.nn as nn


def batches(ids, n, t):
    """char-rnn: n contiguous streams; window j of every stream; targets are the next tokens."""
    s = len(ids) // n
    streams = ids[: s * n].view(n, s).t().contiguous()  # [S, N]
    for j in range((s - 1) // t):
        yield streams[j * t:(j + 1) * t], streams[j * t + 1:(j + 1) * t + 1]


class CharLm(nn.Module):
    def __init__(self, vocab, hidden, layers, embed=0):
        super().__init__()
        self.vocab = vocab
        self.embed = nn.Embedding(vocab, embed) if embed else None
        self.rnn = nn.LSTM(embed or vocab, hidden, layers)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x, state):
        inputs = self.embed(x) if self.embed else nn.functional.one_hot(x, self.vocab).float()
        y, state = self.rnn(inputs, state)
        return self.head(y), state


def split_units(text, unit):
    return list(text) if unit == "char" else re.findall(r"\w+|\s+|[^\w\s]", text)


def evaluate(model, ids, n, t):
    model.eval()
    total, count, state = 0.0, 0, None
    with torch.no_grad():
        for x, y in batches(ids, n, t):
            logits, state = model(x, state)
            total += nn.functional.cross_entropy(logits.view(-1, model.vocab), y.reshape(-1),
                                                 reduction="sum").item()
            count += y.numel()
    model.train()
    return total / count


def main():
    shared = os.environ.get("LSTMKIT_SHARED_DATA",
                            os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--text", default=os.path.join(shared, "tinyshakespeare.txt"))
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--seq-len", type=int, default=100)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--clip", type=float, default=5.0)
    p.add_argument("--epochs", type=int, default=9)
    p.add_argument("--max-steps", type=int, default=0, help="stop each epoch after this many steps (speed runs)")
    p.add_argument("--val-frac", type=float, default=0.1)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--unit", choices=["char", "word"], default="char")
    p.add_argument("--max-vocab", type=int, default=0, help="keep the most frequent tokens; 0 keeps all")
    p.add_argument("--embed", type=int, default=0, help="nn.Embedding width; 0: one-hot input")
    a = p.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)

    with open(a.text, encoding="utf-8") as f:
        text = unicodedata.normalize("NFC", f.read())
    units = split_units(text, a.unit)
    counts = collections.Counter(units)
    chars = sorted(counts) if not a.max_vocab else ["<unk>"] + [t for t, _ in counts.most_common(a.max_vocab)]
    index = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([index.get(c, 0) for c in units], dtype=torch.long)
    n_val = int(len(ids) * a.val_frac)
    train, val = ids[: len(ids) - n_val], ids[len(ids) - n_val:]

    model = CharLm(len(chars), a.hidden, a.layers, a.embed)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, vocab {len(chars)}, "
          f"{a.layers}x{a.hidden} LSTM, T {a.seq_len}, N {a.batch}", flush=True)
    print("epoch,val_loss,seconds,tokens_per_s", flush=True)
    for epoch in range(1, a.epochs + 1):
        state, tokens, start = None, 0, time.perf_counter()
        for step, (x, y) in enumerate(batches(train, a.batch, a.seq_len)):
            if a.max_steps and step >= a.max_steps:
                break
            logits, state = model(x, state)
            state = tuple(s.detach() for s in state)
            loss = nn.functional.cross_entropy(logits.view(-1, model.vocab), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), a.clip)
            opt.step()
            tokens += y.numel()
        seconds = time.perf_counter() - start
        val_loss = evaluate(model, val, a.batch, a.seq_len)
        print(f"{epoch},{val_loss:.4f},{seconds:.1f},{tokens / seconds:.0f}", flush=True)


if __name__ == "__main__":
    main()
