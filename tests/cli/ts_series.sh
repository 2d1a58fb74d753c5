#!/usr/bin/env bash
# --series-column: several monthly series in one file (levels 100, 5000 and 30), one model trained on
# windows of all of them, each series scaled and validated on its own; a file whose series interleave, a
# series too short for a window and misplaced options are refused with one line; forecast and backtest
# refuse such a model for now.
set -euo pipefail
source "$(dirname "$0")/lib/check.sh"

awk 'BEGIN { print "store,month,sales"
  split("north south east", id); split("100 5000 30", level); split("60 48 72", rows)
  for (k = 1; k <= 3; k++) for (t = 0; t < rows[k]; t++)
    printf "%s,%04d-%02d,%.3f\n", id[k], 2000 + int(t / 12), t % 12 + 1, level[k] * (1 + 0.01 * t) * (1 + 0.2 * sin(6.2831853 * t / 12)) }' \
  >"$work/stores.csv"
tiny=(--threads 1 --hidden 8 --batch 16 --epochs 2 --window 6)

if run "train-ts --series-column" 0 -- train-ts --csv "$work/stores.csv" --target sales --series-column store \
    --time-column month --calendar month --difference 12 "${tiny[@]}" --out "$work/run"; then
  expect "the run names the series" "$err" "^series: 3 by column 'store' \('north', 'south', 'east'\), 48 to 72 rows each"
  # Each series alone, window 6 after 12 rows differenced away, 80% for training: 48-12-6 = 30, 38-12-6 = 20, 58-12-6 = 40.
  expect "windows of every series, none across two" "$err" '^train-ts: .*stores\.csv: 90 windows for training'
  expect_file "the model" "$work/run/model.safetensors"
  expect "the checkpoint keeps a scaler per series" "$(head -c 20000 "$work/run/model.safetensors" | tr -d '\\\0')" '"column":"store","series":\[\{"id":"north"'
fi
run "--resume continues a run of several series" 0 -- train-ts --csv "$work/stores.csv" --out "$work/run" --resume --epochs 3 --threads 1
# forecast and backtest do not read such a model yet: one line each, rather than another series' units.
run "forecast a model of several series" 1 -- forecast --model "$work/run/model.safetensors" --csv "$work/stores.csv" --threads 1 &&
  expect "forecast says why" "$err" "^lstmkit: error: data: the data holds 3 series \(column 'store'\), each scaled with its own units"
run "backtest a model of several series" 1 -- backtest --model "$work/run/model.safetensors" --csv "$work/stores.csv" --threads 1 &&
  expect "backtest says why" "$err" "^lstmkit: error: model: was trained on several series \(column 'store'\)"

printf 'store,sales\na,1\na,2\nb,3\na,4\n' >"$work/interleaved.csv"
run "series that interleave" 1 -- train-ts --csv "$work/interleaved.csv" --target sales --series-column store --out "$work/x" &&
  expect "the error names the line and the series" "$err" "^lstmkit: error: .*interleaved\.csv:5: series 'a' of column 'store' continues here, but its rows ended on line 3"
run "a series shorter than a window" 2 -- train-ts --csv "$work/stores.csv" --target sales --series-column store --window 50 --out "$work/x" &&
  expect "the error names the series" "$err" "^lstmkit: error: --window: series 'north': the training part has 48 rows"
run "--series-column with --synthetic" 2 -- train-ts --synthetic sine --series-column store --out "$work/x" &&
  expect "it needs a CSV file" "$err" '^lstmkit: error: --series-column: needs a CSV file'
run "--series-column naming the target" 2 -- train-ts --csv "$work/stores.csv" --target sales --series-column sales --out "$work/x" &&
  expect "a column is one thing" "$err" "^lstmkit: error: --series-column: column 'sales' is also"
exit $fail
