#!/usr/bin/env bash
# --time-column, --calendar and --quantiles end to end on a small monthly series: the run stores them,
# forecast names the data's dates, writes a `time` column (extended past the end for the closed loop) and
# keeps feeding the calendar features; a file without the model's time column or with a gap is refused
# with its line; a quantile model's median is its point forecast, with coverage and quantile columns.
set -euo pipefail
source "$(dirname "$0")/lib/check.sh"

# 96 months from 1950-01: a trend times a season of ±30%.
awk 'BEGIN { print "month,sales"; for (t = 0; t < 96; t++) printf "%04d-%02d,%.3f\n", 1950 + int(t / 12), t % 12 + 1, 100 * 1.01^t * (1 + 0.3 * sin(6.2831853 * (t % 12) / 12)) }' \
  >"$work/sales.csv"
tiny=(--threads 1 --hidden 8 --batch 16 --epochs 3 --window 6)

run "train-ts --time-column --calendar month" 0 -- train-ts --csv "$work/sales.csv" --time-column month --calendar month \
    --log --difference 12 "${tiny[@]}" --out "$work/cal"
if run "forecast a model with a time column and calendar features" 0 -- forecast --model "$work/cal/model.safetensors" \
    --csv "$work/sales.csv" --steps 14 --threads 1; then
  expect "forecast describes the calendar features" "$out" 'target log, difference 12, calendar month$'
  expect "forecast names the data's dates and step" "$out" 'data: .*sales\.csv, the model.s own, 1950-01 to 1957-12 every 1 month'
  expect "one-step rows with their dates" "$out" 'one-step predictions of rows 18\.\.95 \(1951-07 to 1957-12\)'
  expect "the closed loop's dates and calendar" "$out" 'closed loop: 14 steps past row 95 \(1958-01 to 1959-02\), recursive: .*calendar features computed for each new row'
  expect "forecast.csv has a time column" "$(head -1 "$work/cal/forecast.csv")" '^t,time,truth,prediction$'
  expect "forecast.csv: a data row's time" "$(sed -n 2p "$work/cal/forecast.csv")" '^0,1950-01,100,$'
  expect "forecast.csv: times continue past the data" "$(tail -1 "$work/cal/forecast.csv")" '^109,1959-02,,[0-9.]+$'
fi
# The model's own file without its time column.
cut -d, -f2 "$work/sales.csv" >"$work/untimed.csv"
run "forecast a file without the model's time column" 1 -- forecast --model "$work/cal/model.safetensors" --csv "$work/untimed.csv" --threads 1 &&
  expect "the error names the file and the column" "$err" "^lstmkit: error: .*untimed\.csv: no column 'month'"
sed '30d' "$work/sales.csv" >"$work/gap.csv"
run "forecast a file with a gap" 1 -- forecast --model "$work/cal/model.safetensors" --csv "$work/gap.csv" --threads 1 &&
  expect "the error names the line" "$err" "^lstmkit: error: .*gap\.csv:30: time '1952-06' comes 2 months after '1952-04' on line 29"

# A time column alone: dates on the axis and in forecast.csv, no calendar.
if run "train-ts --time-column without --calendar" 0 -- train-ts --csv "$work/sales.csv" --time-column month "${tiny[@]}" --out "$work/t"; then
  run "forecast it" 0 -- forecast --model "$work/t/model.safetensors" --csv "$work/sales.csv" --threads 1 &&
    expect "forecast.csv has times" "$(sed -n 8p "$work/t/forecast.csv")" '^6,1950-07,[0-9.]+,[0-9.]+$'
fi
# A daily series: day-of-week features; forecast on the same file under another --time-column name is
# refused as a missing column.
awk 'BEGIN { print "day,visits"; for (t = 0; t < 70; t++) { s = 1704067200 + 86400 * t; printf "%s,%d\n", strftime("%Y-%m-%d", s, 1), 100 + 20 * (t % 7 >= 5) } }' \
  >"$work/daily.csv"
run "train-ts --calendar dayofweek on daily data" 0 -- train-ts --csv "$work/daily.csv" --time-column day --calendar dayofweek,dayofyear \
    "${tiny[@]}" --out "$work/daily" &&
  expect "four calendar columns join the one feature: LSTM(8) on 5 inputs" "$err" 'lstm 1x8, 489 parameters'
run "forecast it 7 days on" 0 -- forecast --model "$work/daily/model.safetensors" --csv "$work/daily.csv" --steps 7 --threads 1 &&
  expect "the last forecast day" "$(tail -1 "$work/daily/forecast.csv")" '^76,2024-03-17,,'

# --quantiles: a pinball-trained head whose median is the point forecast; forecast reports each
# interval's coverage and writes the quantile columns.
if run "train-ts --quantiles 0.1,0.5,0.9" 0 -- train-ts --csv "$work/sales.csv" --time-column month --log --difference 12 \
    --quantiles 0.1,0.5,0.9 "${tiny[@]}" --out "$work/q"; then
  expect "the run's loss is the pinball loss" "$err" 'validation pinball loss'
  expect "three outputs: LSTM(8) on 1 input, head 8 -> 3" "$err" 'lstm 1x8, target log, difference 12, 379 parameters'
fi
if run "forecast a quantile model" 0 -- forecast --model "$work/q/model.safetensors" --csv "$work/sales.csv" --steps 5 --threads 1; then
  expect "forecast names the quantiles" "$out" 'target log, difference 12, quantiles 0\.1,0\.5,0\.9$'
  expect "the point forecast is the median" "$out" "^point forecast: the model's 0\.5 quantile \(of 3\)"
  expect "validation coverage of the 80% interval" "$out" '^validation: 80% interval \(q0\.1 to q0\.9\) covers [0-9.]+% of 19 values$'
  expect "the closed loop draws sample paths" "$out" 'fed back as input \(200 sample paths, seed 0, each feeding back draws'
  expect "forecast.csv has quantile columns" "$(head -1 "$work/q/forecast.csv")" '^t,time,truth,prediction,sales_q0\.1,sales_q0\.5,sales_q0\.9$'
  # The prediction is the median column, on one-step and closed-loop rows alike.
  expect "one-step rows: prediction = q0.5" "$(awk -F, 'NR > 1 && $4 != "" && $4 != $6 { bad++ } END { print bad + 0 }' "$work/q/forecast.csv")" '^0$'
  expect "closed-loop rows have quantiles" "$(tail -1 "$work/q/forecast.csv")" '^100,1958-05,,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+$'
fi
exit $fail
