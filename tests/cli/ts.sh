#!/usr/bin/env bash
# `lstmkit train-ts` and `lstmkit forecast` end to end on tiny problems (one thread, a few epochs): the
# files a run writes, the forecast's metric table next to the persistence baseline, a classifier's
# accuracy, sequence datasets, grouped sequence classification with word labels, and the error contract
# (bad CSV value → exit 1 naming FILE:line and the column; option mistakes → exit 2).
set -euo pipefail
source "$(dirname "$0")/lib/check.sh"
have_gnuplot=0
command -v gnuplot >/dev/null && have_gnuplot=1

tiny=(--threads 1 --hidden 8 --batch 64 --epochs 2)

# A sine: the outputs of the shared trainer, then a forecast with its table and files.
if run "train-ts on a tiny sine" 0 -- train-ts --synthetic sine --length 300 --window 20 "${tiny[@]}" --out "$work/sine"; then
  expect "train-ts describes the data and model" "$err" 'synthetic sine \(300 rows\): 220 windows for training, 60 for validation; lstm 1x8'
  for f in model.safetensors last.safetensors log.csv; do expect_file "train-ts writes $f" "$work/sine/$f"; done
  [ $have_gnuplot = 1 ] && expect_file "train-ts plots the loss" "$work/sine/loss.png"
  [ $have_gnuplot = 1 ] && expect "the loss plot's y axis names the loss" "$(cat "$work/sine/loss.svg")" 'MSE in scaled units'
  expect "log.csv has a row per step" "$(wc -l <"$work/sine/log.csv")" '^[1-9][0-9]*$'
  expect "log.csv counts windows" "$(head -n 1 "$work/sine/log.csv")" ',windows_per_s$'
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
  expect_file "forecast writes forecast.csv" "$work/sine/forecast.csv"
  [ $have_gnuplot = 1 ] && expect_file "forecast plots forecast.png" "$work/sine/forecast.png"
  [ $have_gnuplot = 1 ] && expect_file "forecast draws forecast.svg beside it" "$work/sine/forecast.svg"
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
if run "forecast a CSV model" 0 -- forecast --model "$work/csv/model.safetensors" --csv "$work/load.csv" --out "$work/csv-forecast" --threads 1; then
  expect "CSV forecast has a persistence row" "$out" '^validation +persistence +24 '
fi
run "closed loop needs features = targets" 2 -- forecast --model "$work/csv/model.safetensors" --csv "$work/load.csv" --steps 5 --threads 1 &&
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
run "forecast a classifier" 0 -- forecast --model "$work/cls/model.safetensors" --csv "$work/classes.csv" --threads 1 &&
  expect "classifier accuracy table" "$out" '^validation +most frequent label \((3|8)\) +40 '

# Sequence classification: one sequence per group of rows (written in turns, so no group is contiguous)
# with word labels; x ramps down, stays flat or rises by class from a random level.
awk 'BEGIN {
  srand(3); split("down flat up", name, " "); print "subject,x,y,activity"
  for (g = 0; g < 40; g++) { c[g] = int(rand() * 3); len[g] = 4 + int(rand() * 6); level[g] = rand() * 2 - 1 }
  for (t = 0; t < 10; t++)
    for (g = 0; g < 40; g++)
      if (t < len[g]) printf "s%d,%.4f,%.3f,%s\n", g, level[g] + (c[g] - 1) * 0.4 * t + 0.05 * (rand() - 0.5), rand() * 2 - 1, name[c[g] + 1]
}' >"$work/acts.csv"
if run "train-ts --group" 0 -- train-ts --csv "$work/acts.csv" --task classify --label activity --group subject \
    --features x,y --window 6 --threads 1 --hidden 8 --batch 8 --epochs 2 --out "$work/groups"; then
  expect "word labels are the classes" "$err" "classes: 3 label values in column 'activity': down, flat, up"
  expect "groups are reported" "$err" "groups: 40 sequences by column 'subject', 4 to 6 rows each"
  expect "truncation is counted" "$err" '--window 6: [0-9]+ of 40 groups were longer and keep their last 6 rows'
  expect "split by group" "$err" 'acts\.csv: 32 groups for training, 8 for validation'
  expect "group accuracy is reported" "$err" 'validation accuracy [0-9.]+% \([0-9]+ of 8\)'
fi
if run "forecast a sequence classifier" 0 -- forecast --model "$work/groups/model.safetensors" --csv "$work/acts.csv" --threads 1; then
  expect "forecast classifies every group" "$out" "^classified 40 groups of column 'subject'$"
  expect "group accuracy per part" "$out" '^validation +model +8 '
  expect "group baseline names its class" "$out" '^train +most frequent label \((down|flat|up)\) +32 '
  expect "group forecast.csv header" "$(head -1 "$work/groups/forecast.csv")" '^group,truth,prediction,probability$'
  expect "group forecast.csv: a line per group" "$(wc -l <"$work/groups/forecast.csv")" '^41$'
  expect "group forecast.csv: classes by name" "$(sed -n 2p "$work/groups/forecast.csv")" '^s0,(down|flat|up),(down|flat|up),0?\.[0-9]+'
fi
cut -d, -f1-3 "$work/acts.csv" >"$work/unlabelled.csv"
run "forecast unlabelled groups" 0 -- forecast --model "$work/groups/model.safetensors" --csv "$work/unlabelled.csv" \
    --out "$work/unlabelled" --threads 1 &&
  expect "unlabelled groups: no truth" "$(sed -n 2p "$work/unlabelled/forecast.csv")" '^s0,,(down|flat|up),'
run "summary of an n-to-1 classifier" 0 -- summary --model "$work/groups/model.safetensors" &&
  expect "the head reads the last step" "$out" 'Dense\(3\) +\(None, 3\)'
printf 'subject,x,y,activity\na,1,2,up\nb,1,2,down\na,2,3,down\n' >"$work/conflict.csv"
if run "a group with two labels is exit 1" 1 -- train-ts --csv "$work/conflict.csv" --task classify --label activity \
    --group subject --features x,y --out "$work/x"; then
  expect "the conflict names FILE:line, the group and both labels" "$err" \
    "^lstmkit: error: $work/conflict.csv:4: group 'a' has label 'down' in column 'activity', but 'up' on line 2; "
  expect "the conflict is one line" "$(wc -l <<<"$err")" '^1$'
fi
run "unknown --group column is exit 2" 2 -- train-ts --csv "$work/acts.csv" --task classify --label activity \
    --group person --features x,y --out "$work/x" &&
  expect "unknown --group lists the columns" "$err" "^lstmkit: error: --group: no column 'person' in .*; available columns: subject \(0\), x \(1\)"

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
