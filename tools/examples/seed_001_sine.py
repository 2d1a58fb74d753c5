#!/usr/bin/env python3
"""Seed 001 from Python: a sine wave of period 80 learnt by an LSTM(300) from windows of 80 steps
(RMSprop, early stopping), then continued for 200 steps in a closed loop, each prediction fed back as
input (README, "Python").

    python3 tools/examples/seed_001_sine.py [--quick] [--epochs N] [--out DIR]

Writes DIR (default runs/seed_001): model.safetensors, log.csv, loss.png, and the closed loop's
forecast.csv and forecast.png. --quick (or LSTMKIT_EXAMPLE_QUICK=1) trains a tiny model for two epochs:
the same steps in seconds, for CI.
"""
import argparse
import os

import numpy as np

import lstmkit

parser = argparse.ArgumentParser()
parser.add_argument("--quick", action="store_true", default=os.environ.get("LSTMKIT_EXAMPLE_QUICK") == "1")
parser.add_argument("--epochs", type=int, default=100, help="at most this many (early stopping ends most runs sooner)")
parser.add_argument("--out", default="runs/seed_001")
args = parser.parse_args()

period, rows, steps = 80, 2000, 200
y = np.sin(2 * np.pi * (np.arange(rows + steps) % period) / period).astype(np.float32)
series, truth = y[:rows], y[rows:]

size = dict(hidden=8, epochs=2, threads=1) if args.quick else dict(hidden=300, epochs=args.epochs)
model = lstmkit.Forecaster.fit(series, window=80, optimizer="rmsprop", patience=20, out=args.out, force=True, verbose=False,
                               on_epoch=lambda e: print(f"epoch {e['epoch']}: loss {e['loss']:.3g}, "
                                                        f"val_loss {e['val_loss']:.3g}"), **size)
model.summary()
future = model.forecast(steps, out=args.out)  # forecast.csv and forecast.png beside the checkpoints
rmse = float(np.sqrt(np.mean((future - truth) ** 2)))
print(f"closed loop, {steps} steps past the data: RMSE {rmse:.4g} against the true sine")

assert future.shape == (steps,) and np.all(np.isfinite(future))
assert os.path.exists(os.path.join(args.out, "forecast.csv"))
