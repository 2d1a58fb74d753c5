#!/usr/bin/env python3
"""Keras' lstm_seq2seq data as two files: the first --limit pairs of fra-eng, a random --val of them
(random.Random(--seed), as tools/bench/torch_s2s.py draws its own split) in DIR/val.tsv, the rest in
DIR/train.tsv, both in file order. lstmkit and PyTorch then train and validate on exactly the same pairs.

    /usr/bin/python3 tools/bench/fra_eng_split.py PAIRS DIR [--limit 10000] [--val 1000] [--seed 1]
"""
import argparse
import os
import random

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("pairs")
p.add_argument("dir")
p.add_argument("--limit", type=int, default=10000)
p.add_argument("--val", type=int, default=1000)
p.add_argument("--seed", type=int, default=1)
args = p.parse_args()

with open(args.pairs, encoding="utf-8") as f:
    pairs = [line.rstrip("\r\n") + "\n" for line in f if line.strip()][: args.limit]
order = list(range(len(pairs)))
random.Random(args.seed).shuffle(order)
val = set(order[: args.val])
os.makedirs(args.dir, exist_ok=True)
with open(os.path.join(args.dir, "train.tsv"), "w", encoding="utf-8") as t, \
        open(os.path.join(args.dir, "val.tsv"), "w", encoding="utf-8") as v:
    for i, line in enumerate(pairs):
        (v if i in val else t).write(line)
