#!/usr/bin/env python3
"""PyTorch 1.13 reference for `lstmkit train-s2s`: Keras' lstm_seq2seq setup, done the PyTorch way.

First --limit pairs of fra-eng (10,000 as Keras), characters (NFC), separate source and target
vocabularies with lstmkit's specials (<pad> 0, <unk> 1, <s> 2, </s> 3), a random --val-frac of the pairs
held out (or --val-pairs FILE, e.g. the same split given to lstmkit), one-hot inputs, an nn.LSTM encoder
whose final (h, c) starts an nn.LSTM decoder, nn.Linear head, PyTorch's default init, RMSprop 1e-3 with
torch's defaults, batch 64 reshuffled every epoch, no clipping. The encoder reads a padded batch packed
(pack_padded_sequence), so every final state is the sentence's own; the loss is the cross-entropy of
target + </s>, padding ignored, mean per target token — the quantity lstmkit reports.

--bucket batches as lstmkit must (every source of a batch of one length, for exact encoder states without
packing), to tell the effect of the batching scheme from that of the implementation.

Prints one line per epoch: val loss (nats/char), training seconds (wall and CPU); with --hyp-out, the greedy
translations of the validation sources after training, one per line, and their exact-match rate.

Run with Debian's interpreter, which has python3-torch:  /usr/bin/python3 tools/bench/torch_s2s.py
"""
import argparse
import collections
import os
import random
import time
import unicodedata

import torch
import torch.nn as nn

PAD, UNK, BOS, EOS = 0, 1, 2, 3
SPECIALS = ["<pad>", "<unk>", "<s>", "</s>"]


def read_pairs(path, limit=0):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line:
                continue
            cols = line.split("\t")
            if len(cols) < 2 or not cols[0]:
                raise SystemExit(f"{path}: line without a tab or source: {line!r}")
            pairs.append((unicodedata.normalize("NFC", cols[0]), unicodedata.normalize("NFC", cols[1])))
            if limit and len(pairs) == limit:
                break
    return pairs


def build_vocab(texts):
    """Specials, then characters by descending count, ties in code point order (as lstmkit's)."""
    counts = collections.Counter(c for t in texts for c in t)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].encode("utf-8")))
    return {tok: i for i, tok in enumerate(SPECIALS + [t for t, _ in ranked])}


def encode(vocab, text):
    return [vocab.get(c, UNK) for c in text]


class Seq2Seq(nn.Module):
    def __init__(self, v_src, v_tgt, hidden, layers):
        super().__init__()
        self.v_src, self.v_tgt = v_src, v_tgt
        self.encoder = nn.LSTM(v_src, hidden, layers)
        self.decoder = nn.LSTM(v_tgt, hidden, layers)
        self.head = nn.Linear(hidden, v_tgt)

    def encode(self, src, lengths):
        """src [T_s, N] padded; lengths [N]: each sentence's own final (h, c), [L, N, H] each."""
        x = nn.functional.one_hot(src, self.v_src).float()
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=False)
        _, state = self.encoder(packed)
        return state

    def forward(self, src, lengths, dec_in):
        y, _ = self.decoder(nn.functional.one_hot(dec_in, self.v_tgt).float(), self.encode(src, lengths))
        return self.head(y)


def make_batch(pairs):
    """pairs of (source ids, target ids) → src [T_s, N], lengths, decoder input and target [T_t, N]."""
    n = len(pairs)
    ts = max(len(s) for s, _ in pairs)
    tt = max(len(t) for _, t in pairs) + 1
    src = torch.full((ts, n), PAD, dtype=torch.long)
    dec_in = torch.full((tt, n), PAD, dtype=torch.long)
    dec_out = torch.full((tt, n), PAD, dtype=torch.long)
    for b, (s, t) in enumerate(pairs):
        src[: len(s), b] = torch.tensor(s)
        dec_in[: len(t) + 1, b] = torch.tensor([BOS] + t)
        dec_out[: len(t) + 1, b] = torch.tensor(t + [EOS])
    return src, torch.tensor([len(s) for s, _ in pairs]), dec_in, dec_out


def epoch_batches(pairs, batch, bucket, rng):
    """Random batches of the shuffled pairs; with `bucket`, batches of one source length, in random order."""
    if not bucket:
        rng.shuffle(pairs)
        return [pairs[i:i + batch] for i in range(0, len(pairs), batch)]
    by_length = collections.defaultdict(list)
    for pair in pairs:
        by_length[len(pair[0])].append(pair)
    batches = []
    for length in sorted(by_length):
        group = by_length[length]
        rng.shuffle(group)
        batches.extend(group[i:i + batch] for i in range(0, len(group), batch))
    rng.shuffle(batches)
    return batches


def evaluate(model, pairs, batch):
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(pairs), batch):
            src, lengths, dec_in, dec_out = make_batch(pairs[i:i + batch])
            logits = model(src, lengths, dec_in)
            total += nn.functional.cross_entropy(logits.view(-1, model.v_tgt), dec_out.view(-1),
                                                 ignore_index=PAD, reduction="sum").item()
            count += int((dec_out != PAD).sum())
    model.train()
    return total / count


def greedy(model, pairs, batch, max_len):
    """Greedy translations (ids without </s>) of the sources of `pairs`."""
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(pairs), batch):
            src, lengths, _, _ = make_batch(pairs[i:i + batch])
            state = model.encode(src, lengths)
            n = src.shape[1]
            prev = torch.full((1, n), BOS, dtype=torch.long)
            hyps, done = [[] for _ in range(n)], [False] * n
            for _ in range(max_len):
                y, state = model.decoder(nn.functional.one_hot(prev, model.v_tgt).float(), state)
                logits = model.head(y[0])
                logits[:, PAD] = logits[:, BOS] = float("-inf")
                best = logits.argmax(dim=1)
                for b in range(n):
                    if not done[b]:
                        if int(best[b]) == EOS:
                            done[b] = True
                        else:
                            hyps[b].append(int(best[b]))
                if all(done):
                    break
                prev = best.view(1, n)
            out.extend(hyps)
    return out


def main():
    shared = os.environ.get("LSTMKIT_SHARED_DATA",
                            os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pairs", default=os.path.join(shared, "fra-eng.tsv"))
    p.add_argument("--val-pairs", help="validation TSV (default: a random --val-frac of --pairs)")
    p.add_argument("--limit", type=int, default=10000, help="first N pairs of --pairs (0: all)")
    p.add_argument("--val-frac", type=float, default=0.1)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    p.add_argument("--bucket", action="store_true", help="batch by exact source length, as lstmkit does")
    p.add_argument("--hyp-out", help="write greedy translations of the validation sources here")
    args = p.parse_args()
    torch.manual_seed(args.seed)
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    pairs = read_pairs(args.pairs, args.limit)
    rng = random.Random(args.seed)
    if args.val_pairs:
        train, val = pairs, read_pairs(args.val_pairs)
    else:
        order = list(range(len(pairs)))
        rng.shuffle(order)
        k = round(len(pairs) * args.val_frac)
        val = [pairs[i] for i in sorted(order[:k])]
        train = [pairs[i] for i in sorted(order[k:])]
    src_vocab = build_vocab(s for s, _ in train)
    tgt_vocab = build_vocab(t for _, t in train)
    enc = lambda ps: [(encode(src_vocab, s), encode(tgt_vocab, t)) for s, t in ps]
    train_ids, val_ids = enc(train), enc(val)

    model = Seq2Seq(len(src_vocab), len(tgt_vocab), args.hidden, args.layers)
    opt = torch.optim.RMSprop(model.parameters(), lr=args.lr)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {len(train)} train / {len(val)} val pairs; "
          f"vocab {len(src_vocab)} / {len(tgt_vocab)}; lstm {args.layers}x{args.hidden}, "
          f"{sum(t.numel() for t in model.parameters())} parameters", flush=True)
    for epoch in range(1, args.epochs + 1):
        start, cpu = time.perf_counter(), time.process_time()
        for pairs_of_batch in epoch_batches(train_ids, args.batch, args.bucket, rng):
            src, lengths, dec_in, dec_out = make_batch(pairs_of_batch)
            logits = model(src, lengths, dec_in)
            loss = nn.functional.cross_entropy(logits.view(-1, model.v_tgt), dec_out.view(-1), ignore_index=PAD)
            opt.zero_grad()
            loss.backward()
            opt.step()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"epoch {epoch}  val {evaluate(model, val_ids, args.batch):.4f}  {seconds:.1f} s  (CPU {cpu:.1f} s)",
              flush=True)
    if args.hyp_out:
        itos = {i: t for t, i in tgt_vocab.items()}
        hyps = greedy(model, val_ids, args.batch, max_len=3 * max(len(s) for s, _ in val_ids) + 10)
        texts = ["".join(itos[i] if i != UNK else "\ufffd" for i in h) for h in hyps]
        with open(args.hyp_out, "w", encoding="utf-8") as f:
            f.writelines(t + "\n" for t in texts)
        exact = sum(h == t for h, (_, t) in zip(texts, val))
        print(f"greedy exact match {100.0 * exact / len(val):.2f}% ({exact} of {len(val)})")


if __name__ == "__main__":
    main()
