#!/usr/bin/env bash
# train-ts --output-steps S (a direct multi-step head) end to end on a tiny sine: the model says so,
# forecast's one-step table uses its first step, and `forecast --steps K` says it predicts S steps at a
# time (a one-step model says recursive); a target transform combines with it; bad uses are refused.
set -euo pipefail
source "$(dirname "$0")/lib/check.sh"

tiny=(--threads 1 --hidden 8 --batch 32 --epochs 2 --synthetic sine --length 300 --window 20)
if run "train-ts --output-steps 4" 0 -- train-ts "${tiny[@]}" --output-steps 4 --out "$work/direct"; then
  # 300 rows, boundary 240: a window touches 20 + 1 + 3 rows, so 217 train.
  expect "the windows reach 3 rows further" "$err" '217 windows for training, 57 for validation'
fi
if run "forecast --steps 10 with a 4-step head" 0 -- forecast --model "$work/direct/model.safetensors" --steps 10 --threads 1; then
  expect "the model is described with its steps" "$out" 'window 20, horizon 1, 4 output steps'
  expect "the one-step table uses the first step" "$out" 'one-step predictions of rows 20\.\.299'
  expect "forecast says it predicts directly" "$out" "closed loop: 10 steps past row 299, direct: the model's 4-step head, its predictions fed back 4 at a time"
  expect "10 closed-loop rows" "$(wc -l <"$work/direct/forecast.csv")" '^311$'
  expect "closed loop against the generated continuation" "$out" 'against the generated continuation: RMSE'
fi
run "train-ts one step" 0 -- train-ts "${tiny[@]}" --out "$work/one" &&
  run "forecast --steps with a one-step model" 0 -- forecast --model "$work/one/model.safetensors" --steps 5 --threads 1 &&
  expect "forecast says it is recursive" "$out" 'closed loop: 5 steps past row 299, recursive: each prediction fed back as input'
run "--output-steps with --difference" 0 -- train-ts "${tiny[@]}" --output-steps 3 --difference 1 --out "$work/both" &&
  run "forecast it" 0 -- forecast --model "$work/both/model.safetensors" --steps 6 --threads 1 &&
  expect "the target transform and the head" "$out" '3 output steps, target difference 1'

run "--output-steps with --return-sequences is refused" 2 -- train-ts "${tiny[@]}" --output-steps 2 --return-sequences --out "$work/bad" &&
  expect "the error names --output-steps" "$err" '^lstmkit: error: --output-steps: cannot be combined with --return-sequences'
run "--output-steps on sequences is refused" 2 -- train-ts --synthetic adding --sequences 20 --length 10 --output-steps 2 --threads 1 --out "$work/bad" &&
  expect "the error names --output-steps" "$err" '^lstmkit: error: --output-steps: adding is a dataset of whole sequences'
exit $fail
