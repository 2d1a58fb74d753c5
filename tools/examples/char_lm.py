#!/usr/bin/env python3
"""A character-level language model on tiny Shakespeare, from Python (README, "Python").

    python3 tools/examples/char_lm.py [--epochs N] [--quick] [--out DIR]

Reads tinyshakespeare.txt from $LSTMKIT_SHARED_DATA (default ../shared/data), trains a 2x256 LSTM
(lstmkit's defaults) into DIR (default runs/char_lm), then samples and scores it. --quick (or
LSTMKIT_EXAMPLE_QUICK=1) trains a 1x32 LSTM on the first 20,000 characters for one epoch: the same steps
in seconds, for CI.
"""
import argparse
import math
import os

import lstmkit

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=1)
parser.add_argument("--quick", action="store_true", default=os.environ.get("LSTMKIT_EXAMPLE_QUICK") == "1")
parser.add_argument("--out", default="runs/char_lm")
args = parser.parse_args()

data = os.path.join(os.environ.get("LSTMKIT_SHARED_DATA", "../shared/data"), "tinyshakespeare.txt")
text = open(data, encoding="utf-8").read()
size = {}
if args.quick:
    text = text[:40000]
    size = dict(hidden=32, layers=1, seq_len=32, batch=16, threads=1)
held_out = text[-20000:]

model = lstmkit.LanguageModel.train(text=text[:-20000], epochs=args.epochs, out=args.out, force=True,
                                    on_epoch=lambda e: print(f"epoch {e['epoch']}: val loss {e['val_loss']:.3f}"),
                                    verbose=False, **size)
model.summary()
print(model.sample(200, temperature=0.8, seed=1))
score = model.evaluate(text=held_out)
print(score)

# Even the quick model must beat a uniform guess over its vocabulary.
assert score["loss"] < math.log(len(model.vocab)), score
