#!/usr/bin/env python3
"""PyTorch 1.13 speed reference for `lstmkit train-ts`: windows per second, same model and data.

Issue 7's benchmark: one LSTM layer of H 300 over windows of 80 steps of a univariate series, batch 256,
nn.Linear head on the last step, MSE, RMSprop (Keras' defaults: lr 1e-3, rho 0.9, eps 1e-7), global-norm
clipping at 5 as train-ts does. Data: the synthetic sine of `lstmkit train-ts --synthetic sine`
(80 steps per cycle), z-scored on its training part, the last --val-frac held out, training windows
shuffled every epoch. The first epoch is a warm-up; the rate is measured over the following ones,
training steps only (no validation), as lstmkit's trainer reports it.

With --lstmkit PATH the same benchmark runs `lstmkit train-ts` too, alternating the two programs
--rounds times in this one process run, and prints both rates and their ratio.

Run with Debian's interpreter, which has python3-torch:
    /usr/bin/python3 tools/bench/torch_ts.py --lstmkit build/lstmkit --threads 2 --torch-threads 1
"""
import argparse
import csv
import math
import os
import statistics
import subprocess
import tempfile
import time

import torch
import torch.nn as nn


class Regressor(nn.Module):
    def __init__(self, hidden, layers):
        super().__init__()
        self.rnn = nn.LSTM(1, hidden, layers)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):  # x [T, N, 1] → [N, 1]
        y, _ = self.rnn(x)
        return self.head(y[-1])


def sine_windows(rows, window, val_frac):
    """Training windows [W, T] and their next values [W], as lstmkit's split_windows cuts them."""
    x = torch.tensor([math.sin(2 * math.pi * (t % 80) / 80) for t in range(rows)], dtype=torch.float32)
    boundary = rows - round(rows * val_frac)
    mean, std = x[:boundary].mean(), x[:boundary].std(unbiased=False)
    x = (x - mean) / std
    starts = range(0, boundary - window)  # the target row s + window stays below the boundary
    inputs = torch.stack([x[s:s + window] for s in starts])
    targets = torch.stack([x[s + window] for s in starts])
    return inputs, targets


def torch_rate(a):
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.torch_threads or a.threads)
    inputs, targets = sine_windows(a.length, a.window, a.val_frac)
    model = Regressor(a.hidden, a.layers)
    opt = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    loss_fn = nn.MSELoss()
    rates = []
    for epoch in range(a.epochs):
        order = torch.randperm(len(inputs))
        windows, start = 0, time.perf_counter()
        for i in range(0, len(order), a.batch):
            idx = order[i:i + a.batch]
            x = inputs[idx].t().unsqueeze(-1)  # [T, N, 1]
            loss = loss_fn(model(x).squeeze(-1), targets[idx])
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            windows += len(idx)
        rates.append(windows / (time.perf_counter() - start))
    return statistics.mean(rates[1:]) if len(rates) > 1 else rates[0]


def lstmkit_rate(a):
    """The trainer's own windows/s (log.csv) at the end of each epoch after the first."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([a.lstmkit, "train-ts", "--synthetic", "sine", "--length", str(a.length),
                        "--window", str(a.window), "--hidden", str(a.hidden), "--layers", str(a.layers),
                        "--batch", str(a.batch), "--optimizer", "rmsprop", "--lr", "1e-3",
                        "--lr-schedule", "constant", "--val-frac", str(a.val_frac),
                        "--epochs", str(a.epochs), "--threads", str(a.threads), "--seed", str(a.seed),
                        "--quiet", "--out", out], check=True)
        with open(os.path.join(out, "log.csv")) as f:
            rows = [r for r in csv.DictReader(f) if r["windows_per_s"]]
        last_of_epoch = {}
        for r in rows:
            last_of_epoch[int(r["epoch"])] = float(r["windows_per_s"])
        rates = [v for e, v in sorted(last_of_epoch.items()) if e > 1] or list(last_of_epoch.values())
        return statistics.mean(rates)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--hidden", type=int, default=300)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--window", type=int, default=80)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--length", type=int, default=8000, help="rows of the sine (8000: 25 batches per epoch)")
    p.add_argument("--val-frac", type=float, default=0.2)
    p.add_argument("--epochs", type=int, default=3, help="the first is a warm-up")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--torch-threads", type=int, default=0,
                   help="PyTorch's threads alone (default: --threads). Its OpenBLAS keeps its own thread pool, so "
                        "on 2 cores PyTorch is fastest at 1 (it still uses both cores)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--rounds", type=int, default=2, help="alternations of the two programs (with --lstmkit)")
    p.add_argument("--lstmkit", help="path of the lstmkit binary: benchmark it too and print the ratio")
    a = p.parse_args()
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(f"# torch {torch.__version__}, threads {a.torch_threads or a.threads} (lstmkit {a.threads}), LSTM {a.layers}x{a.hidden}, T {a.window}, "
          f"N {a.batch}, RMSprop; load average at start {load}", flush=True)
    torch_rates, lstmkit_rates = [], []
    for r in range(a.rounds if a.lstmkit else 1):
        torch_rates.append(torch_rate(a))
        print(f"round {r + 1}: torch   {torch_rates[-1]:9.1f} windows/s", flush=True)
        if a.lstmkit:
            lstmkit_rates.append(lstmkit_rate(a))
            print(f"round {r + 1}: lstmkit {lstmkit_rates[-1]:9.1f} windows/s", flush=True)
    t = max(torch_rates)
    print(f"torch   best {t:.1f} windows/s")
    if lstmkit_rates:
        k = max(lstmkit_rates)
        print(f"lstmkit best {k:.1f} windows/s")
        print(f"ratio lstmkit / torch: {k / t:.2f}")


if __name__ == "__main__":
    main()
