#!/usr/bin/env python3
"""tools/bench/bench_table.py, the arithmetic behind tools/bench/run.sh: the steady rate recovered from
log.csv's running averages, and the table's numbers, gaps and ratios. (The benchmark itself is not a test.)

usage: test_bench_table.py [ignored arguments]
"""
import contextlib
import io
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "bench"))
import bench_table  # noqa: E402


def log_rows(step_seconds, units, rate="tokens_per_s"):
    """log.csv rows of one epoch whose steps took step_seconds, rates as the trainer writes them: one row
    per step, the last one holding the epoch's validation loss."""
    rows, elapsed = [], 0.0
    for k, s in enumerate(step_seconds, start=1):
        elapsed += s
        rows.append({"step": str(k), "epoch": "1", "val_loss": "", rate: f"{k * units / elapsed:.1f}"})
    rows[-1]["val_loss"] = "3.2"
    return rows


def check(condition, what):
    if not condition:
        raise SystemExit(f"FAILED: {what}")


def main():
    # Two slow warm-up steps and a short last batch; the steps between run at 64,000 tokens/s.
    rows = log_rows([5.0, 3.0] + [0.1] * 10 + [0.01], 6400)
    rate = bench_table.steady_rate(rows, 6400, skip=2)
    check(abs(rate / 64000 - 1) < 1e-3, f"steady rate {rate}, expected 64000")
    # A later epoch is the one measured.
    later = [dict(r, epoch="2") for r in log_rows([0.2] * 8, 6400)]
    rate = bench_table.steady_rate(rows + later, 6400, skip=2)
    check(abs(rate / 32000 - 1) < 1e-3, f"last epoch's rate {rate}, expected 32000")
    # The rate column is named for its unit (a time-series run counts windows).
    rate = bench_table.steady_rate(log_rows([0.2] * 8, 256, rate="windows_per_s"), 256, skip=2)
    check(abs(rate / 1280 - 1) < 1e-3, f"windows' rate {rate}, expected 1280")
    check(bench_table.steady_rate([], 6400) is None, "no rows: no rate")

    lines = bench_table.table([
        ("w", "tok/s", "torch1", "5000"), ("w", "tok/s", "torchdef", "1250"),
        ("w", "tok/s", "f32", "10000"), ("w", "tok/s", "bf16", ""),
    ])
    check(len(lines) == 3, f"header, rule and one row, got {lines}")
    check(lines[2] == "| w | tok/s | 5,000 | 1,250 | 10.0k | – | 2.00× | – | – / – | – / – |", f"row {lines[2]!r}")
    # GFLOP/s from the FLOPs per unit, and the share of each precision's primitive ceiling.
    lines = bench_table.table([
        ("w", "tok/s", "torch1", "5000"), ("w", "tok/s", "f32", "10000"), ("w", "tok/s", "bf16", "20000"),
        ("w", "tok/s", "flops", "3e6"), ("w", "tok/s", "ceil_f32", "12500"), ("w", "tok/s", "ceil_bf16", ""),
    ])
    check(lines[2] == "| w | tok/s | 5,000 | – | 10.0k | 20.0k | 2.00× | 4.00× | 30.0 / 60.0 | 80% / – |",
          f"row {lines[2]!r}")
    # The file as run.sh's record() writes it: quoted workload names with commas in them.
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "results.csv")
        with open(path, "w") as f:
            f.write('"char-LM train 2×128, T 50, N 50",tok/s,torch1,10757\n'
                    '"char-LM train 2×128, T 50, N 50",tok/s,f32,21514\n')
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            check(bench_table.main(["table", path]) == 0, "table exit status")
        row = out.getvalue().splitlines()[2]
        check(row == "| char-LM train 2×128, T 50, N 50 | tok/s | 10.8k | – | 21.5k | – | 2.00× | – | – / – | – / – |",
              f"row {row!r}")
    print("bench_table checks passed")


if __name__ == "__main__":
    main()
