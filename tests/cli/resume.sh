#!/usr/bin/env bash
# --resume continues the run that was started (cli/run_options.h): options left out take the run's values,
# a different value is refused by name, and the data must be given again and be the same bytes.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"
export OMP_NUM_THREADS=1
head -c 4000 "$(dirname "$0")/../../data/shakespeare-excerpt.txt" >"$work/a.txt"
head -c 4100 "$(dirname "$0")/../../data/shakespeare-excerpt.txt" >"$work/b.txt"
tiny=(--hidden 8 --layers 1 --quiet)

# 4,000 characters, 10% held out, batch 4 × 8 steps: 112 steps an epoch. The defaults (batch 64,
# --seq-len 100) would make 0 — the text is too short for them.
if run "train-lm: a first epoch" 0 -- train-lm --text "$work/a.txt" --out "$work/lm" --epochs 1 --batch 4 --seq-len 8 "${tiny[@]}"; then
  run "train-lm: resumed without the shaping options" 0 -- train-lm --text "$work/a.txt" --out "$work/lm" --resume --epochs 2
  expect "the resumed epoch kept batch 4 and --seq-len 8" "$(tail -1 "$work/lm/log.csv")" '^224,2,'
  run "train-lm: --epochs restored" 0 -- train-lm --text "$work/a.txt" --out "$work/lm" --resume
  expect "nothing left to train at the run's --epochs" "$(tail -1 "$work/lm/log.csv")" '^224,2,'
  run "train-lm: another --batch" 2 -- train-lm --text "$work/a.txt" --out "$work/lm" --resume --batch 8 &&
    expect "names --batch and the run's value" "$err" '^lstmkit: error: --batch: differs from the run being resumed \(4\)'
  run "train-lm: an option the run did not set" 2 -- train-lm --text "$work/a.txt" --out "$work/lm" --resume --rho 0.5 &&
    expect "names --rho" "$err" '^lstmkit: error: --rho: differs from the run being resumed \(not set\)'
  run "train-lm: other text" 1 -- train-lm --text "$work/b.txt" --out "$work/lm" --resume --epochs 3 &&
    expect "says the text differs" "$err" "^lstmkit: error: --text: .*b.txt is not the data the run was trained on \(4100 bytes"
  run "train-lm: no text" 2 -- train-lm --out "$work/lm" --resume &&
    expect "asks for the run's text" "$err" "^lstmkit: error: --text: missing; give the data the run was trained on: --text .*a.txt"
  run "train-lm: an option given with the run's value" 0 -- train-lm --text "$work/a.txt" --out "$work/lm" --resume --batch 4 --epochs 3
  expect "the third epoch ran" "$(tail -1 "$work/lm/log.csv")" '^336,3,'
fi

# A synthetic series is generated, not read: train-ts restores it; a CSV must be given again.
if run "train-ts: a first epoch" 0 -- train-ts --synthetic sine --length 400 --window 20 --batch 16 --out "$work/ts" --epochs 1 "${tiny[@]}"; then
  run "train-ts: resumed without --synthetic" 0 -- train-ts --out "$work/ts" --resume --epochs 2
  expect "the second epoch ran" "$(tail -1 "$work/ts/log.csv")" ',2,'
  run "train-ts: another --window" 2 -- train-ts --out "$work/ts" --resume --window 30 &&
    expect "names --window" "$err" '^lstmkit: error: --window: differs from the run being resumed \(20\)'
fi
{ echo "t,y"; for i in $(seq 1 300); do echo "$i,$((i % 7))"; done; } >"$work/series.csv"
if run "train-ts on a CSV: a first epoch" 0 -- train-ts --csv "$work/series.csv" --target y --window 10 --out "$work/csv" --epochs 1 "${tiny[@]}"; then
  run "train-ts on a CSV: no --csv" 2 -- train-ts --out "$work/csv" --resume --epochs 2 &&
    expect "asks for the CSV" "$err" "^lstmkit: error: --csv: missing; give the data the run was trained on: --csv .*series.csv"
  run "train-ts on a CSV: the same CSV" 0 -- train-ts --csv "$work/series.csv" --out "$work/csv" --resume --epochs 2
fi

printf 'Go.\tVa !\nHi.\tSalut !\nRun!\tCours !\nWho?\tQui ?\nWow!\tÇa alors !\nFire!\tAu feu !\n' >"$work/pairs.tsv"
if run "train-s2s: a first epoch" 0 -- train-s2s --pairs "$work/pairs.tsv" --out "$work/s2s" --epochs 1 --batch 2 --val-frac 0.34 "${tiny[@]}"; then
  run "train-s2s: resumed" 0 -- train-s2s --pairs "$work/pairs.tsv" --out "$work/s2s" --resume --epochs 2
  run "train-s2s: another --reverse-source" 2 -- train-s2s --pairs "$work/pairs.tsv" --out "$work/s2s" --resume --reverse-source false &&
    expect "names --reverse-source" "$err" '^lstmkit: error: --reverse-source: differs from the run being resumed \(true\)'
fi
exit $fail
