#!/usr/bin/env python3
"""Seed 002 from Python: a damped oscillation learnt by a SimpleRNN(40) and by an LSTM(40), their
summaries (Keras' counts: 1,680 and 6,720 recurrent parameters, 41 in the Dense head) and both
validation loss curves in one plot (README, "Python").

    python3 tools/examples/seed_002_damped.py [--quick] [--out DIR]

Writes DIR/rnn and DIR/lstm (each run's checkpoints and log.csv) and DIR/losses.png (with gnuplot).
--quick (or LSTMKIT_EXAMPLE_QUICK=1) trains for three epochs: the same steps in seconds, for CI.
"""
import argparse
import os

import numpy as np

import lstmkit

parser = argparse.ArgumentParser()
parser.add_argument("--quick", action="store_true", default=os.environ.get("LSTMKIT_EXAMPLE_QUICK") == "1")
parser.add_argument("--out", default="runs/seed_002")
args = parser.parse_args()

rows = 200
u = 5 * np.pi * np.arange(rows) / (rows - 1)
y = (np.exp(-u / 5) * np.cos(u)).astype(np.float32)

options = dict(window=10, hidden=40, epochs=3 if args.quick else 200, seed=1, force=True, verbose=False)
if args.quick:
    options["threads"] = 1
losses, params = {}, {}
for name, cell in (("SimpleRNN(40)", "rnn"), ("LSTM(40)", "lstm")):
    model = lstmkit.Forecaster.fit(y, cell=cell, out=os.path.join(args.out, cell), **options)
    table = model.summary()
    params[name] = [layer["keras_params"] for layer in table["layers"]]
    losses[name] = [e["val_loss"] for e in model.history]
    print(f"{name}: best validation loss {model.result['best_val_loss']:.3g} after {model.result['epochs']} epochs\n")

plot = lstmkit.plot(os.path.join(args.out, "losses.png"), losses, title="damped oscillation: SimpleRNN(40) vs LSTM(40)",
                    x_label="epoch", y_label="validation MSE (scaled units)", log_y=True)
print("wrote", plot or "no plot (gnuplot is not installed)")

assert params == {"SimpleRNN(40)": [1680, 41], "LSTM(40)": [6720, 41]}, params
assert all(curve and np.all(np.isfinite(curve)) for curve in losses.values())
