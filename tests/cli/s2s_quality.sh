#!/usr/bin/env bash
# Training a translator for quality (issue 13): validation BLEU/chrF each epoch (--valid-metrics) scored
# exactly as `lstmkit eval` scores the saved model, the best model chosen by a metric (--best-by),
# label smoothing with a plain validation loss, warm-up and the inverse-sqrt schedule in log.csv's rates,
# an exact resume, and `eval --hypotheses` scoring a file of translations like the model's own.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"
export OMP_NUM_THREADS=1

# "Words" of 3 to 4 letters over {a, b, c} separated by spaces, each with two translations (its reverse,
# and the reverse with a "!"), 3 times over: every source has several references, and BLEU has 4-grams.
awk 'BEGIN { split("a b c", l, " ");
  for (copy = 0; copy < 3; copy++) for (n = 3; n <= 4; n++) for (code = 0; code < 3 ^ n; code++) {
    s = ""; r = ""; c = code;
    for (i = 0; i < n; i++) { ch = l[c % 3 + 1]; s = s (i ? " " : "") ch; r = ch (i ? " " : "") r; c = int(c / 3) }
    print s "\t" r; print s "\t" r " !" } }' >"$work/pairs.tsv"
common=(--pairs "$work/pairs.tsv" --hidden 16 --batch 16 --threads 1 --seed 3 --val-sources 12 --valid-metrics bleu,chrf
        --best-by chrf --label-smoothing 0.1 --warmup 5 --lr-schedule inverse-sqrt)

run "train-s2s with validation metrics" 0 -- train-s2s "${common[@]}" --epochs 3 --out "$work/run" \
  --write-split "$work/split" --quiet
log=$work/run/log.csv
expect "log.csv has a column per metric" "$(head -n 1 "$log")" '^step,epoch,batch_loss,train_loss,val_loss,lr,tokens_per_s,val_bleu,val_chrf$'
expect "validation rows carry BLEU and chrF" "$(awk -F, 'NR > 1 && $5 != ""' "$log" | wc -l) $(awk -F, 'NR > 1 && $5 != "" && $8 != "" && $9 != ""' "$log" | wc -l)" '^3 3$'
# --warmup 5 with inverse-sqrt and lr 2e-3: update s uses 2e-3 · min(s/5, sqrt(5/s)).
expect "warm-up: update 1 at a fifth of the rate" "$(awk -F, '$1 == 1 { print $6 }' "$log")" '^0\.0004$'
expect "warm-up: update 5 at the full rate" "$(awk -F, '$1 == 5 { print $6 }' "$log")" '^0\.002$'
expect "inverse-sqrt: update 20 at half the rate" "$(awk -F, '$1 == 20 { print $6 }' "$log")" '^0\.001$'

run "the epoch line shows the metrics" 0 -- train-s2s "${common[@]}" --epochs 1 --out "$work/shown"
expect "bleu and chrf on the epoch line" "$err" 'epoch 1/1  train [0-9.]+  val [0-9.]+  bleu [0-9]+\.[0-9]{2}  chrf [0-9]+\.[0-9]{2}'

# model.safetensors is the epoch with the highest chrF (the first of equals); eval of it on the exported
# validation pairs gives that epoch's logged BLEU and chrF, and its plain cross-entropy as val_loss.
best=$(awk -F, 'NR > 1 && $9 != "" && (best == "" || $9 + 0 > best + 0) { best = $9; row = $5 " " $8 " " $9 } END { print row }' "$log")
if run "eval the best model on the validation split" 0 -- eval --model "$work/run/model.safetensors" \
    --pairs "$work/split/valid.tsv" --threads 1 --json; then
  got=$(python3 -c 'import json, sys; j = json.loads(sys.argv[1]); print(j["loss"], j["bleu"]["score"], j["chrf"], j["sources"])' "$out")
  same=$(python3 -c 'import sys; a = [float(x) for x in sys.argv[1].split()]; b = [float(x) for x in sys.argv[2].split()[:3]]
print(all(abs(x - y) <= 1e-5 * max(1, abs(y)) for x, y in zip(a, b)))' "$best" "$got")
  expect "eval agrees with the logged validation loss, BLEU and chrF ($best | $got)" "$same" '^True$'
  expect "eval scores each of the 12 validation sources once" "$got" ' 12$'
fi

# translate + eval --hypotheses: the same numbers as eval --model (one scoring path).
awk -F'\t' '!seen[$1]++ { print $1 }' "$work/split/valid.tsv" >"$work/sources.txt"
run "translate the validation sources" 0 -- translate --model "$work/run/model.safetensors" --input "$work/sources.txt" --threads 1 &&
  cp "$work/out" "$work/hyp.txt"
run "eval --model" 0 -- eval --model "$work/run/model.safetensors" --pairs "$work/split/valid.tsv" --threads 1 &&
  model_scores=$(grep -E '^(sources|BLEU|chrF|exact)' <<<"$out")
if run "eval --hypotheses" 0 -- eval --hypotheses "$work/hyp.txt" --pairs "$work/split/valid.tsv"; then
  expect "eval --hypotheses prints what eval --model prints" "$(grep -E '^(sources|BLEU|chrF|exact)' <<<"$out")" "^$(sed 's/[.()]/\\&/g' <<<"$model_scores")\$"
fi

# Resume: one epoch, then --resume to three, logs the same rates, losses and metrics as the straight run.
run "train one epoch" 0 -- train-s2s "${common[@]}" --epochs 1 --out "$work/resumed" &&
  run "resume to three epochs" 0 -- train-s2s --pairs "$work/pairs.tsv" --epochs 3 --out "$work/resumed" --resume --quiet &&
  expect "the resumed run's log equals the straight run's (all but tokens/s)" \
    "$(diff <(cut -d, -f1-6,8,9 "$log") <(cut -d, -f1-6,8,9 "$work/resumed/log.csv") && echo same)" '^same$'
exit $fail
