#!/usr/bin/env bash
# --series-column: several monthly series in one file (levels 100, 5000 and 30), one model trained on
# windows of all of them, each series scaled and validated on its own; a file whose series interleave, a
# series too short for a window and misplaced options are refused with one line; forecast and backtest
# take each series in its own units.
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
# forecast: every series in its own units, its own tables and closed loop, one CSV with a series column,
# a plot per series; --series picks one; an id the data lacks names the ids there are.
if run "forecast every series" 0 -- forecast --model "$work/run/model.safetensors" --csv "$work/stores.csv" \
    --season 12 --steps 4 --threads 1 --out "$work/fc"; then
  expect "the data names the series" "$out" "^data: .*stores\.csv, the model's own, 3 series by column 'store'"
  expect "a table per series, in its own units" "$out" "^series 'south': 48 rows, 2000-01 to 2003-12 every 1 month"
  expect "each series' own baselines" "$(grep -c 'validation  seasonal naive (12)' <<<"$out")" '^3$'
  expect "a closed loop per series, past its own end" "$out" "closed loop: 4 steps past row 47 \(2004-01 to 2004-04\)"
  expect "forecast.csv has a series column" "$(head -1 "$work/fc/forecast.csv")" '^series,t,time,truth,prediction$'
  # 60 + 48 + 72 rows, 4 past the end of each.
  expect "a line per row and step of every series" "$(wc -l <"$work/fc/forecast.csv")" '^193$'
  expect "the loop of the last series last" "$(tail -1 "$work/fc/forecast.csv")" '^east,75,2006-04,,[0-9.]+$'
  if command -v gnuplot >/dev/null; then
    expect_file "a plot per series" "$work/fc/forecast-south.png"
    expect "the files are named" "$err" "wrote .*forecast\.csv and a plot per series .*forecast-north\.png to forecast-east\.png"
  fi
fi
if run "forecast --series --json" 0 -- forecast --model "$work/run/model.safetensors" --csv "$work/stores.csv" \
    --series east --steps 2 --json --threads 1 --out "$work/fc1"; then
  expect "one series in the JSON" "$(python3 -c 'import json,sys; j=json.load(sys.stdin); s=j["series"]; print(len(s), s[0]["id"], len(s[0]["closed_loop"]["rows"]), s[0]["errors"][0]["part"])' <<<"$out")" '^1 east 2 train$'
  expect "only its lines in forecast.csv" "$(cut -d, -f1 "$work/fc1/forecast.csv" | sort -u | tr '\n' ' ')" '^east series $'
fi
run "forecast --series of no such series" 2 -- forecast --model "$work/run/model.safetensors" --csv "$work/stores.csv" --series west --threads 1 &&
  expect "the ids there are" "$err" "^lstmkit: error: --series: no series 'west'; the series are 'north', 'south', 'east'"
# backtest: each series from its own origins, then the overall rows; --series and --retrain per series
# (on a model without calendar features: tests/jobs/backtest_test.cc backtests one with them).
run "train-ts --series-column without --calendar" 0 -- train-ts --csv "$work/stores.csv" --target sales \
  --series-column store --difference 12 "${tiny[@]}" --out "$work/run2"
if run "backtest every series" 0 -- backtest --model "$work/run2/model.safetensors" --csv "$work/stores.csv" \
    --start 0.8 --stride 4 --steps 3 --season 12 --threads 1 --out "$work/bt"; then
  # north 60 rows: origins 48, 52, 56; south 48: 39, 43; east 72: 58, 62, 66.
  expect "each series from its own origins" "$out" "^series 'south': 2 origins from row 39 to 43, 3 steps each"
  expect "the overall rows" "$out" "^all 3 series: MAE and RMSE pooled over every origin and step"
  expect "a line per method in each table" "$(grep -c '^seasonal naive (12)' <<<"$out")" '^4$'
  expect "backtest.csv has a series column" "$(head -1 "$work/bt/backtest.csv")" '^series,origin,step,t,truth,model,'
  expect "a line per series, origin and step" "$(wc -l <"$work/bt/backtest.csv")" '^25$'
  if command -v gnuplot >/dev/null; then expect_file "a plot per series" "$work/bt/backtest-east.png"; fi
fi
if run "backtest --series --retrain --json" 0 -- backtest --model "$work/run2/model.safetensors" --csv "$work/stores.csv" \
    --series south --retrain --start 0.8 --stride 4 --steps 3 --threads 1 --json --out "$work/bt1"; then
  expect "one round of training per origin of the longest series" "$(grep -c 'retrained on each series' <<<"$err")" '^3$'
  expect "the second round cuts every series at its own origin" "$err" "origin 2 of 3 \(north row 52, south row 43, east row 62\)"
  expect "south alone in the JSON" "$(python3 -c 'import json,sys; j=json.load(sys.stdin); print(len(j["series"]), j["series"][0]["id"], j["series"][0]["origins"], j["forecast"])' <<<"$out")" "^1 south \[39, 43\] retrained at each origin"
fi
run "backtest --series of no such series" 2 -- backtest --model "$work/run2/model.safetensors" --csv "$work/stores.csv" --series west --threads 1 &&
  expect "backtest names the ids" "$err" "^lstmkit: error: --series: no series 'west'; the series are 'north', 'south', 'east'"

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
