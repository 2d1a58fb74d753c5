#!/usr/bin/env bash
# train-ts's target transforms (--log, --detrend linear, --difference LAG) end to end on a tiny monthly
# series with a trend and a growing season: the run names them, forecast reports and writes its one-step
# and closed-loop predictions in the data's units and rows, --resume keeps them, and a log of a value
# that is not positive is refused with its line. Then train-ts's small-data defaults: the batch chosen
# from the training windows, early stopping on, and the note on a run with too few updates.
set -euo pipefail
source "$(dirname "$0")/lib/check.sh"

# 96 months: 100 · 1.01^t, times a season of ±30%.
awk 'BEGIN { print "month,sales"; for (t = 0; t < 96; t++) printf "m%d,%.3f\n", t, 100 * 1.01^t * (1 + 0.3 * sin(6.2831853 * (t % 12) / 12)) }' \
  >"$work/sales.csv"
tiny=(--threads 1 --hidden 8 --batch 16 --epochs 3 --window 6)

if run "train-ts --log --difference 12" 0 -- train-ts --csv "$work/sales.csv" --log --difference 12 "${tiny[@]}" --out "$work/log"; then
  expect "the run names its transforms" "$err" 'train-ts: .*sales\.csv: 59 windows for training, 19 for validation; lstm 1x8, target log, difference 12,'
  expect "the validation loss is of the transformed target" "$err" 'validation MSE of the transformed target'
fi
if run "forecast a model with a target transform" 0 -- forecast --model "$work/log/model.safetensors" --csv "$work/sales.csv" --steps 12 --season 12 --threads 1; then
  expect "forecast describes the transform" "$out" 'window 6, horizon 1, target log, difference 12'
  # Differencing by 12 drops 12 rows: the first window ends at row 17 and predicts row 18.
  expect "one-step rows are the data's" "$out" 'one-step predictions of rows 18\.\.95, validation from row 77, in data units'
  expect "validation is scored against persistence" "$out" '^validation +persistence +19 '
  expect "forecast.csv: a line per data row and 12 closed-loop rows" "$(wc -l <"$work/log/forecast.csv")" '^109$'
  expect "forecast.csv: no prediction before row 18" "$(sed -n 19p "$work/log/forecast.csv")" '^17,[0-9.]+,$'
  # In the data's units (about 100 to 330), not the transformed ones (about 0.1).
  expect "one-step predictions are in the data's units" "$(sed -n 20p "$work/log/forecast.csv")" '^18,[0-9.]+,[1-9][0-9]{1,2}\.[0-9]+$'
  expect "closed-loop predictions are in the data's units" "$(tail -1 "$work/log/forecast.csv")" '^107,,[1-9][0-9]{1,2}\.[0-9]+$'
fi
run "--resume keeps the transforms without repeating them" 0 -- train-ts --out "$work/log" --resume --epochs 4 --csv "$work/sales.csv" --threads 1 &&
  expect "the resumed run names its transforms" "$err" 'target log, difference 12'
run "--resume with another --difference is refused" 2 -- train-ts --out "$work/log" --resume --epochs 5 --csv "$work/sales.csv" --difference 1 --threads 1 &&
  expect "the refusal names the run's lags" "$err" '^lstmkit: error: --difference: differs from the run being resumed \(12\)'

run "train-ts --detrend linear --difference 1 --difference 12" 0 -- train-ts --csv "$work/sales.csv" --detrend linear \
    --difference 1 --difference 12 "${tiny[@]}" --out "$work/both" &&
  expect "both lags, in order" "$err" 'target linear detrend, difference 1, 12,'
run "forecast a twice-differenced model" 0 -- forecast --model "$work/both/model.safetensors" --csv "$work/sales.csv" --threads 1 &&
  expect "its first prediction is of row 19" "$out" 'one-step predictions of rows 19\.\.95'

sed '5s/,.*/,0/' "$work/sales.csv" >"$work/zero.csv"
run "--log of a 0 is refused with its line" 1 -- train-ts --csv "$work/zero.csv" --log "${tiny[@]}" --out "$work/zero" &&
  expect "the error names the line" "$err" "^lstmkit: error: .*zero\.csv:5: value 0 of column 'sales' is not positive"
run "--horizon past the smallest lag is refused" 2 -- train-ts --csv "$work/sales.csv" --difference 1 --horizon 2 "${tiny[@]}" --out "$work/h" &&
  expect "the error names --horizon" "$err" '^lstmkit: error: --horizon: horizon 2 is longer than the smallest --difference lag'
run "sequence datasets take no transform" 2 -- train-ts --synthetic adding --sequences 20 --length 10 --log --epochs 1 --hidden 4 --threads 1 --out "$work/seq" &&
  expect "the error names --log" "$err" '^lstmkit: error: --log: target transforms are for regression on one series'
# Small-data defaults.
if run "train-ts without --batch" 0 -- train-ts --synthetic sine --length 300 --window 20 --epochs 2 --hidden 8 --threads 1 --out "$work/auto"; then
  expect "the chosen batch is reported" "$err" 'batch 32, chosen from the 220 training examples \(--batch sets it\)'
  expect "7 batches an epoch for 2 epochs: too few updates" "$err" 'note: the run made only 14 optimiser updates, too few'
fi
run "--resume chooses the same batch" 0 -- train-ts --out "$work/auto" --resume --epochs 3 --threads 1 &&
  expect "the resumed run's batch" "$err" 'batch 32, chosen from the 220 training examples'
run "--batch is still taken as given" 0 -- train-ts --synthetic sine --length 300 --window 20 --epochs 1 --batch 4 --hidden 4 --threads 1 --out "$work/given" &&
  expect "no batch note with --batch" "$(grep -c 'chosen from' <<<"$err" || true)" '^0$'
# A rate too small to change anything: the validation loss never improves after the first epoch.
run "early stopping is on by default" 0 -- train-ts --synthetic sine --length 300 --window 20 --epochs 40 --batch 220 --lr 1e-30 --hidden 4 --threads 1 --out "$work/early" &&
  expect "it stops after 20 validations without improvement" "$err" 'early stopping: no improvement in 20 validations'
run "--patience 0 turns it off" 0 -- train-ts --synthetic sine --length 300 --window 20 --epochs 25 --batch 220 --lr 1e-30 --patience 0 --hidden 4 --threads 1 --out "$work/late" &&
  expect "all 25 epochs run" "$(grep -c 'early stopping' <<<"$err" || true)" '^0$'
run "default early stopping without validation data is off, not an error" 0 -- train-ts --synthetic sine --length 300 --window 20 --epochs 1 --val-frac 0 --hidden 4 --threads 1 --out "$work/noval"
exit $fail
