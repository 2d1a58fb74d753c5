#!/usr/bin/env python3
"""run.sh's arithmetic: steady training rates from lstmkit's log.csv, and the results table.

  bench_table.py steady LOG_CSV UNITS_PER_STEP [SKIP]
      The rate of the last epoch's steps after its first SKIP (default 2: primitive creation and the first
      weight reorders), up to its second-to-last step (the last may be a partial batch). log.csv's
      rate (its column <unit>_per_s) is the epoch's running average, so row k's elapsed time is
      k·units / rate_k.
  bench_table.py table RESULTS_CSV
      RESULTS_CSV rows `workload,unit,setting,value` with setting torch1 (torch.set_num_threads(1)),
      torchdef (PyTorch's default threads), f32, bf16 (rates in the unit), flops (FLOPs per unit),
      ceil_f32, ceil_bf16 (the oneDNN primitives' rate alone on the row's shapes, in the unit); a
      missing or empty value prints as "–". Prints a Markdown table with the ratio of each lstmkit
      precision to PyTorch's better setting, lstmkit's GFLOP/s (rate × flops) and its share of the
      primitive ceiling of the same precision (rate / ceiling).
"""
import csv
import sys

SETTINGS = ("torch1", "torchdef", "f32", "bf16")
PRECISIONS = ("f32", "bf16")


def steady_rate(rows, units_per_step, skip=2):
    """rows: log.csv dicts. Returns units per second, or None when the epoch is too short."""
    rate = next((k for k in (rows[0] if rows else {}) if k.endswith("_per_s")), None)
    train = [r for r in rows if rate and r[rate]]
    if not train:
        return None
    epoch = train[-1]["epoch"]
    steps = [float(r[rate]) for r in train if r["epoch"] == epoch]
    # (step index within the epoch, 1-based; elapsed seconds)
    elapsed = [(k, k * units_per_step / rate) for k, rate in enumerate(steps, start=1) if rate > 0]
    if len(elapsed) > skip + 2:
        elapsed = elapsed[skip:-1]
    if len(elapsed) < 2:
        return steps[-1] if steps else None
    (k0, t0), (k1, t1) = elapsed[0], elapsed[-1]
    return (k1 - k0) * units_per_step / (t1 - t0) if t1 > t0 else None


def number(x):
    if x is None:
        return "–"
    return f"{x / 1000:.1f}k" if x >= 10000 else f"{x:,.0f}"


def ratio(ours, theirs):
    return f"{ours / theirs:.2f}×" if ours and theirs else "–"


def pair(values, fmt):
    """One cell for both precisions: 'f32 / bf16', "–" for a missing one."""
    return " / ".join(fmt(x) if x else "–" for x in values)


def table(rows):
    """rows: (workload, unit, setting, value) tuples in run order. Returns the Markdown lines."""
    order, unit, values = [], {}, {}
    for workload, u, setting, value in rows:
        if workload not in unit:
            order.append(workload)
            unit[workload] = u
        values[(workload, setting)] = float(value) if value not in ("", None) else None
    lines = ["| workload | unit | PyTorch 1 thread | PyTorch default | lstmkit f32 | lstmkit bf16 "
             "| f32 / PyTorch best | bf16 / PyTorch best | lstmkit GFLOP/s f32 / bf16 "
             "| share of primitive ceiling f32 / bf16 |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for w in order:
        v = {s: values.get((w, s)) for s in SETTINGS}
        best = max((x for x in (v["torch1"], v["torchdef"]) if x), default=None)
        flops = values.get((w, "flops"))
        gflops = [v[p] * flops / 1e9 if v[p] and flops else None for p in PRECISIONS]
        shares = [v[p] / c if v[p] and c else None for p, c in
                  ((p, values.get((w, "ceil_" + p))) for p in PRECISIONS)]
        lines.append(f"| {w} | {unit[w]} | " + " | ".join(number(v[s]) for s in SETTINGS) +
                     f" | {ratio(v['f32'], best)} | {ratio(v['bf16'], best)}"
                     f" | {pair(gflops, lambda x: f'{x:.1f}')} | {pair(shares, lambda x: f'{100 * x:.0f}%')} |")
    return lines


def main(argv):
    if len(argv) >= 3 and argv[0] == "steady":
        with open(argv[1]) as f:
            rate = steady_rate(list(csv.DictReader(f)), float(argv[2]), int(argv[3]) if len(argv) > 3 else 2)
        print("" if rate is None else f"{rate:.1f}")
        return 0
    if len(argv) == 2 and argv[0] == "table":
        with open(argv[1]) as f:
            print("\n".join(table([tuple(r) for r in csv.reader(f) if r])))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
