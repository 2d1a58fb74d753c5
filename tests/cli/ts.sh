#!/usr/bin/env bash
# `lstmkit train-ts` and `lstmkit forecast` end to end on tiny problems (one thread, a few epochs): the
# files a run writes, the forecast's metric table next to the persistence baseline, a classifier's
# accuracy, sequence datasets, and the error contract (bad CSV value → exit 1 naming FILE:line and the
# column; option mistakes → exit 2).
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
have_gnuplot=0
command -v gnuplot >/dev/null && have_gnuplot=1

# run NAME EXPECTED_EXIT -- ARGS...: runs the binary, leaves stdout, stderr and exit code in $out $err $rc.
run() {
  local name=$1 want=$2; shift 3
  rc=0
  "$bin" "$@" >"$work/out" 2>"$work/err" || rc=$?
  out=$(cat "$work/out"); err=$(cat "$work/err")
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $name: exit $rc, want $want; stdout: $out; stderr: $err"; fail=1; return 1
  fi
  echo "ok   $name"
}
# expect NAME TEXT PATTERN: TEXT must match the extended regex PATTERN.
expect() {
  if grep -qE -- "$3" <<<"$2"; then echo "ok   $1"; else echo "FAIL $1: lacks /$3/ in: $2"; fail=1; fi
}
exists() {
  if [ -s "$2" ]; then echo "ok   $1"; else echo "FAIL $1: no $2"; fail=1; fi
}

tiny=(--threads 1 --hidden 8 --batch 64 --epochs 2)

# A sine: the outputs of the shared trainer, then a forecast with its table and files.
if run "train-ts on a tiny sine" 0 -- train-ts --synthetic sine --length 300 --window 20 "${tiny[@]}" --out "$work/sine"; then
  expect "train-ts describes the data and model" "$err" 'synthetic sine \(300 rows\): 220 windows for training, 60 for validation; lstm 1x8'
  for f in model.safetensors last.safetensors log.csv; do exists "train-ts writes $f" "$work/sine/$f"; done
  [ $have_gnuplot = 1 ] && exists "train-ts plots the loss" "$work/sine/loss.png"
  expect "log.csv has a row per step" "$(wc -l <"$work/sine/log.csv")" '^[1-9][0-9]*$'
fi
if run "forecast the model's own sine" 0 -- forecast --model "$work/sine/model.safetensors" --steps 30 --season 80 --threads 1; then
  expect "forecast names the split" "$out" 'one-step predictions of rows 20\.\.299, validation from row 240'
  expect "forecast table header" "$out" '^part +predictor +rows +MSE +RMSE +MAE +MAPE$'
  expect "model on validation" "$out" '^validation +model +60 '
  expect "persistence baseline" "$out" '^validation +persistence +60 '
  expect "seasonal naive baseline" "$out" '^validation +seasonal naive \(80\) +60 '
  expect "MAPE is n/a on a series with zeros" "$out" 'n/a$'
  expect "a verdict against persistence" "$out" '^validation: the model'
  expect "closed loop against the generated continuation" "$out" 'against the generated continuation: RMSE [0-9.e-]+'
  exists "forecast writes forecast.csv" "$work/sine/forecast.csv"
  [ $have_gnuplot = 1 ] && exists "forecast plots forecast.png" "$work/sine/forecast.png"
  expect "forecast.csv header" "$(head -1 "$work/sine/forecast.csv")" '^t,truth,prediction$'
  expect "forecast.csv: no prediction before the first window" "$(sed -n 2p "$work/sine/forecast.csv")" '^0,0,$'
  expect "forecast.csv: data rows then 30 closed-loop rows" "$(wc -l <"$work/sine/forecast.csv")" '^331$'
  expect "forecast.csv: truth of the continuation" "$(tail -1 "$work/sine/forecast.csv")" '^329,-?0\.[0-9]+,-?[0-9.e-]+$'
fi

# A CSV with a header, a date column, a missing value filled forward, and two features.
{
  echo 'date,temp,load'
  for i in $(seq 0 119); do
    if [ "$i" = 50 ]; then echo "d$i,,3"; else echo "d$i,$((i % 7)),$((i % 5))"; fi
  done
} >"$work/load.csv"
if run "train-ts on CSV columns with --fill ffill" 0 -- train-ts --csv "$work/load.csv" --target load --features temp,load \
    --fill ffill "${tiny[@]}" --window 8 --out "$work/csv"; then
  expect "ffill is reported" "$err" 'ffill: 1 values carried forward'
fi
if run "forecast a CSV model" 0 -- forecast --model "$work/csv/model.safetensors" --out "$work/csv-forecast" --threads 1; then
  expect "CSV forecast has a persistence row" "$out" '^validation +persistence +24 '
fi
run "closed loop needs features = targets" 2 -- forecast --model "$work/csv/model.safetensors" --steps 5 --threads 1 &&
  expect "closed loop error says why" "$err" "^lstmkit: error: --steps: the model reads \[temp, load\] but predicts \[load\]"

# A classifier: the label follows the sign of the feature.
{
  echo 'x,label'
  for i in $(seq 0 199); do
    if [ $(((i / 10) % 2)) = 0 ]; then echo "-1.$((i % 10)),3"; else echo "1.$((i % 10)),8"; fi
  done
} >"$work/classes.csv"
if run "train-ts --task classify" 0 -- train-ts --csv "$work/classes.csv" --task classify --label label --features x \
    "${tiny[@]}" --window 5 --out "$work/cls"; then
  expect "classes are reported" "$err" "classes: 2 label values in column 'label'"
  expect "accuracy is reported" "$err" 'validation accuracy [0-9.]+% \([0-9]+ of [0-9]+\)'
fi
run "forecast a classifier" 0 -- forecast --model "$work/cls/model.safetensors" --threads 1 &&
  expect "classifier accuracy table" "$out" '^validation +most frequent label \((3|8)\) +40 '

# Sequences: the adding problem, whole sequences with a single target.
if run "train-ts --synthetic adding" 0 -- train-ts --synthetic adding --length 12 --sequences 200 --threads 1 \
    --hidden 8 --epochs 1 --batch 64 --out "$work/adding"; then
  expect "adding is split by sequence" "$err" '160 sequences for training, 40 for validation'
fi
run "forecast adding" 0 -- forecast --model "$work/adding/model.safetensors" --threads 1 &&
  expect "adding is scored against the training mean" "$out" '^validation +training mean +40 '
run "adding has no windows" 2 -- train-ts --synthetic adding --window 10 --out "$work/x" &&
  expect "--window with sequences names the option" "$err" '^lstmkit: error: --window: adding is a dataset of whole sequences'

# The error contract.
printf 'a,b\n1,2\n3,oops\n' >"$work/bad.csv"
run "bad CSV value is exit 1" 1 -- train-ts --csv "$work/bad.csv" --target b --out "$work/bad" &&
  expect "bad value names FILE:line and column" "$err" "^lstmkit: error: $work/bad.csv:3: .*column 'b'"
run "unknown --synthetic is exit 2" 2 -- train-ts --synthetic sawtooth --out "$work/x" &&
  expect "unknown series lists the valid ones" "$err" "^lstmkit: error: --synthetic: unknown synthetic series 'sawtooth'; use one of: sine"
run "missing --model is exit 2" 2 -- forecast --steps 3 &&
  expect "missing --model says so" "$err" '^lstmkit: error: forecast: missing --model'
run "missing data is exit 2" 2 -- train-ts --out "$work/x" &&
  expect "missing data says what to give" "$err" '^lstmkit: error: train-ts: missing --csv or --synthetic'
run "--label needs --task classify" 2 -- train-ts --csv "$work/classes.csv" --label label --out "$work/x" || true
run "--csv with --synthetic is exit 2" 2 -- train-ts --csv "$work/load.csv" --synthetic sine --out "$work/x" || true
run "window longer than the data" 2 -- train-ts --synthetic sine --length 50 --window 80 --out "$work/x" &&
  expect "window error names --window" "$err" '^lstmkit: error: --window: '
exit $fail
