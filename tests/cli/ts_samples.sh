#!/usr/bin/env bash
# forecast --samples / --sample-seed end to end on a random walk learnt differenced: a quantile model's
# closed loop draws 200 sample paths by default and its band widens with the horizon (each path
# accumulates its own draws); --samples 0 feeds back the median, whose band stays one step wide; the
# same seed gives the same file, another seed another band; --json says how many paths were drawn.
set -euo pipefail
source "$(dirname "$0")/lib/check.sh"

awk 'BEGIN { srand(7); x = 0; print "value"; for (t = 0; t < 300; t++) { x += sqrt(-2 * log(1 - rand())) * cos(6.2831853 * rand()); printf "%.5f\n", x } }' \
  >"$work/walk.csv"
run "train-ts --quantiles on a random walk, differenced" 0 -- train-ts --csv "$work/walk.csv" --difference 1 \
    --quantiles 0.1,0.5,0.9 --window 8 --hidden 8 --batch 16 --epochs 5 --threads 1 --out "$work/q"
fc=(forecast --model "$work/q/model.safetensors" --csv "$work/walk.csv" --steps 20 --threads 1)

# width ROW: q0.9 - q0.1 of the closed loop's ROW-th row (1 = the first) in forecast.csv.
width() { tail -n 20 "$1" | awk -F, -v row="$2" 'NR == row { print $6 - $4 }'; }

if run "forecast a quantile model: 200 sample paths" 0 -- "${fc[@]}" --out "$work/a"; then
  expect "the report says how the band was made" "$out" 'fed back as input \(200 sample paths, seed 0, each feeding back draws from its predicted quantiles: the band is their spread\)'
  expect "the band at horizon 20 is over twice as wide as at 1" \
    "$(awk -v a="$(width "$work/a/forecast.csv" 1)" -v b="$(width "$work/a/forecast.csv" 20)" 'BEGIN { print (b > 2 * a) ? "wider" : "a " a ", b " b }')" '^wider$'
fi
run "the same seed again" 0 -- "${fc[@]}" --sample-seed 0 --out "$work/b" &&
  expect "the same seed writes the same forecast.csv" "$(cmp "$work/a/forecast.csv" "$work/b/forecast.csv" && echo same)" '^same$'
run "another seed" 0 -- "${fc[@]}" --sample-seed 1 --out "$work/c" &&
  expect "another seed draws another band" "$(cmp -s "$work/a/forecast.csv" "$work/c/forecast.csv" || echo differs)" '^differs$'
if run "forecast --samples 0: the median fed back" 0 -- "${fc[@]}" --samples 0 --out "$work/m"; then
  expect "the report says the median was fed back" "$out" 'fed back as input \(the median: the band is the one-step spread\)'
  expect "the median loop's band does not widen" \
    "$(awk -v a="$(width "$work/m/forecast.csv" 1)" -v b="$(width "$work/m/forecast.csv" 20)" 'BEGIN { print (b < 1.5 * a) ? "flat" : "a " a ", b " b }')" '^flat$'
fi
run "forecast --samples 50 --json" 0 -- "${fc[@]}" --samples 50 --json --out "$work/j" &&
  expect "--json gives the paths drawn" "$out" '"sample_paths":50'
exit $fail
