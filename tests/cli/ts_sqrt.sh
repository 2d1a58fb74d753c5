#!/usr/bin/env bash
# train-ts --sqrt, the square-root target transform for counts, end to end on a tiny yearly series of
# counts with an 11-year cycle and zeros at its minima: the run and forecast name it, predictions come
# back in the data's units and never below 0, --resume keeps it and backtest uses it; a negative value is
# refused with its line, --sqrt with --log up front.
set -euo pipefail
source "$(dirname "$0")/lib/check.sh"

# 120 years of counts: 80·(1 + sin)^1.5, so every cycle touches 0.
awk 'BEGIN { print "year,spots"; for (t = 0; t < 120; t++) { s = 1 + sin(6.2831853 * t / 11); printf "%d,%.1f\n", 1700 + t, 80 * s * sqrt(s) } }' \
  >"$work/spots.csv"
tiny=(--threads 1 --hidden 8 --batch 16 --epochs 3 --window 11)

run "train-ts --sqrt" 0 -- train-ts --csv "$work/spots.csv" --target spots --sqrt "${tiny[@]}" --out "$work/root" &&
  expect "the run names the transform" "$err" 'target square root,'
if run "forecast a --sqrt model" 0 -- forecast --model "$work/root/model.safetensors" --csv "$work/spots.csv" --steps 22 --threads 1; then
  expect "forecast describes the transform" "$out" 'target square root'
  expect "one-step predictions are in data units" "$out" 'in data units'
  expect "forecast.csv: a line per data row and 22 closed-loop rows" "$(wc -l <"$work/root/forecast.csv")" '^143$'
  # Squares of the model's values: never negative, in the data's range (0 to about 230), not the root's (0 to 15).
  expect "no prediction below 0" "$(awk -F, 'NR > 1 && $3 != "" && $3 < 0' "$work/root/forecast.csv" | wc -l)" '^0$'
  expect "closed-loop predictions in the data's units" "$(awk -F, 'NR > 121 && $3 > 20' "$work/root/forecast.csv" | wc -l)" '^[1-9][0-9]*$'
fi
run "--resume keeps --sqrt" 0 -- train-ts --out "$work/root" --resume --epochs 4 --csv "$work/spots.csv" --threads 1 &&
  expect "the resumed run names it" "$err" 'target square root'
run "train-ts --sqrt --difference 11" 0 -- train-ts --csv "$work/spots.csv" --target spots --sqrt --difference 11 "${tiny[@]}" --out "$work/both" &&
  expect "both transforms, in order" "$err" 'target square root, difference 11,'
if run "backtest a --sqrt model" 0 -- backtest --model "$work/both/model.safetensors" --csv "$work/spots.csv" --start 0.8 --stride 5 --steps 5 --season 11 --threads 1; then
  expect "backtest writes its forecasts" "$(wc -l <"$work/both/backtest.csv")" '^[1-9][0-9]+$'
  expect "no backtest forecast below 0" "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "model") m = i; next } $m < 0' "$work/both/backtest.csv" | wc -l)" '^0$'
fi

sed '6s/,.*/,-3/' "$work/spots.csv" >"$work/negative.csv"
run "--sqrt of a negative value is refused with its line" 1 -- train-ts --csv "$work/negative.csv" --sqrt "${tiny[@]}" --out "$work/neg" &&
  expect "the error names the line" "$err" "^lstmkit: error: .*negative\.csv:6: value -3 of column 'spots' is negative"
run "--sqrt with --log is refused up front" 2 -- train-ts --csv "$work/spots.csv" --sqrt --log "${tiny[@]}" --out "$work/both2" &&
  expect "the error names --sqrt" "$err" '^lstmkit: error: --sqrt: cannot be combined with --log'
expect "the refused run created nothing" "$(test -e "$work/both2" && echo created || echo absent)" '^absent$'
exit $fail
