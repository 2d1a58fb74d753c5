#!/usr/bin/env bash
# lstmkit backtest end to end on a tiny model of a CSV series: the table of every method, --json with the
# same numbers, backtest.csv with a line per origin and step, backtest.png, --retrain's line per origin,
# and the data it needs named.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"

python3 -c '
import math
print("month,value")
for t in range(120):
    print("%d,%.5f" % (t, 100 + 0.5 * t + 10 * math.sin(2 * math.pi * t / 12)))' >"$work/series.csv"
run "train-ts on the CSV" 0 -- train-ts --csv "$work/series.csv" --target value --window 12 --difference 12 \
  --hidden 8 --epochs 2 --batch 16 --threads 1 --quiet --out "$work/m" || exit 1
model="$work/m/model.safetensors"

# 120 rows, start 0.75 → origins 90, 96, 102, 108 (108 + 12 = 120).
if run "backtest" 0 -- backtest --model "$model" --csv "$work/series.csv" --start 0.75 --stride 6 --steps 12 \
  --season 12 --threads 1; then
  expect "the origins" "$out" '^4 origins from row 90 to 108, 12 steps each \(recursive closed loop\), in data units'
  expect "the header" "$out" 'method +MAE +RMSE +MAPE % +sMAPE % +MASE'
  for method in model persistence 'seasonal naive \(12\)' drift mean; do
    expect "a row for $method" "$out" "^$method +[0-9.e+-]+ +[0-9.e+-]+ +[0-9.e+-]+ +[0-9.e+-]+ +[0-9.e+-]+$"
  done
  # The seasonal naive forecast misses by the trend over a year, 6, exactly: its MASE is 1.
  expect "seasonal naive's errors" "$out" '^seasonal naive \(12\) +6(\.0+)? +6(\.0+)? .* 1$'
  expect "backtest.csv: a line per origin and step" "$(wc -l <"$work/m/backtest.csv")" '^49$'
  expect "backtest.csv's columns" "$(head -1 "$work/m/backtest.csv")" '^origin,step,t,truth,model,persistence,seasonal_naive_12,drift,mean$'
  expect "backtest.csv's first line" "$(sed -n 2p "$work/m/backtest.csv")" '^90,1,90,'
  if command -v gnuplot >/dev/null; then expect_file "backtest.png" "$work/m/backtest.png"; fi
  table=$out
fi
if run "backtest --json" 0 -- backtest --model "$model" --csv "$work/series.csv" --start 0.75 --stride 6 --steps 12 \
  --season 12 --threads 1 --json; then
  verdict=$(python3 -c '
import json, sys
j = json.loads(sys.argv[1])
rows = {l.split("  ")[0].strip(): l.split()[-5:] for l in sys.argv[2].splitlines()[2:]}
ok = j["origins"] == [90, 96, 102, 108] and j["steps"] == 12 and j["season"] == 12
for m in j["methods"]:
    mae = float(rows[m["name"]][0])
    ok = ok and m["count"] == 48 and abs(m["mae"] - mae) <= 1e-4 * max(1, mae)
print("ok" if ok else "false: " + sys.argv[1])' "$out" "$table" 2>&1)
  expect "--json: the table's numbers" "$verdict" '^ok$'
fi
if run "backtest --retrain" 0 -- backtest --model "$model" --csv "$work/series.csv" --start 0.9 --stride 6 --steps 6 \
  --retrain --threads 1 --out "$work/r"; then
  expect "one line per origin" "$err" 'origin 1 of 2 \(row 108\): retrained on rows 0\.\.107, [0-9]+ updates'
  expect "origin 2" "$err" 'origin 2 of 2 \(row 114\): retrained on rows 0\.\.113'
  expect "the table says so" "$out" 'retrained at each origin, recursive closed loop'
  expect_file "its backtest.csv" "$work/r/backtest.csv"
fi
python3 -c 'import math; print("value"); [print(math.sin(t / 3)) for t in range(200)]' >"$work/own.csv"
run "train on a file" 0 -- train-ts --csv "$work/own.csv" --window 8 --hidden 4 --epochs 1 --threads 1 --quiet \
  --out "$work/own" &&
  run "backtest among the training rows" 0 -- backtest --model "$work/own/model.safetensors" --csv "$work/own.csv" \
    --start 0.5 --stride 20 --steps 4 --threads 1 &&
  expect "a note says they were trained on" "$err" 'note: origins before row 160 lie in the rows the model was trained on' &&
  run "backtest in the validation part" 0 -- backtest --model "$work/own/model.safetensors" --csv "$work/own.csv" \
    --start 0.8 --stride 20 --steps 4 --threads 1 &&
  if grep -q "note: origins" <<<"$err"; then echo "FAIL no note past the training rows: $err"; fail=1; else echo "ok   no note past the training rows"; fi
run "a CSV model needs --csv" 2 -- backtest --model "$model" --threads 1 &&
  expect "the error names --csv" "$err" '^lstmkit: error: --csv: missing'
run "no origin fits" 2 -- backtest --model "$model" --csv "$work/series.csv" --start 0.9 --steps 20 --threads 1 &&
  expect "the error names --start" "$err" '^lstmkit: error: --start: no origin fits'
exit $fail
