#!/usr/bin/env bash
# train-s2s with attention (the default for new training: luong over a bidirectional encoder, embeddings
# 256) and translate --alignments / --max-len-ratio on a toy task (reverse strings of a, b, c).
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"
export OMP_NUM_THREADS=1

awk 'BEGIN { split("a b c", l, " ");
  for (copy = 0; copy < 6; copy++) for (n = 1; n <= 4; n++) for (code = 0; code < 3 ^ n; code++) {
    s = ""; r = ""; c = code;
    for (i = 0; i < n; i++) { ch = l[c % 3 + 1]; s = s ch; r = ch r; c = int(c / 3) }
    print s "\t" r } }' >"$work/rev.tsv"
model=$work/run/model.safetensors

run "train-s2s: attention by default" 0 -- train-s2s --pairs "$work/rev.tsv" --out "$work/run" --hidden 32 --embed 16 \
  --batch 16 --epochs 1 --lr 1e-2 --seed 1 --threads 1
expect "it says which model it trains" "$err" 'lstm 1x32 bidirectional encoder, luong attention, embeddings 16'
if run "summary of the attention model" 0 -- summary --model "$model"; then
  expect "the encoder is bidirectional" "$out" 'encoder\.rnn\.l0 +Bidirectional\(LSTM\(32\)\)'
  expect "the attention's layers are listed" "$out" 'decoder\.attn\.linear_in +Dense\(64\)'
fi

printf 'abc\ncab\n\nbbca\n' >"$work/in.txt"
if run "translate --alignments" 0 -- translate --model "$model" --input "$work/in.txt" --alignments --threads 1; then
  expect "four lines out" "$(wc -l <"$work/out")" '^4$'
  expect "translation TAB source-target pairs" "$(head -n 1 "$work/out")" $'^[abc]+\t[0-9]+-0( [0-9]+-[0-9]+)*$'
  expect "an empty source aligns to nothing" "$(sed -n 3p "$work/out")" $'^[abc]*\t$'
fi
if run "translate --alignments --n-best 2" 0 -- translate --model "$model" --input "$work/in.txt" --alignments \
    --beam 2 --n-best 2 --threads 1; then
  expect "LINE TAB SCORE TAB TRANSLATION TAB ALIGNMENT" "$(head -n 1 "$work/out")" $'^1\t-?[0-9.]+\t[abc]+\t[0-9]+-0'
fi
run "--max-len-ratio 0.5 --max-len-add 0 cuts translations" 0 -- translate --model "$model" --input "$work/in.txt" \
  --max-len-ratio 0.5 --max-len-add 0 --threads 1 &&
  expect "at most half the source" "$(head -n 1 "$work/out")" '^[abc]{0,2}$'
run "--max-len with --max-len-ratio" 2 -- translate --model "$model" --max-len 5 --max-len-ratio 2
expect "names the conflict" "$err" '^lstmkit: error: --max-len-ratio: cannot be combined with --max-len'

run "the seed's model: --attention none" 0 -- train-s2s --pairs "$work/rev.tsv" --out "$work/none" --hidden 16 \
  --batch 16 --epochs 1 --attention none --threads 1 --quiet
run "--alignments of a model without attention" 1 -- translate --model "$work/none/model.safetensors" \
  --input "$work/in.txt" --alignments
expect "says what to do" "$err" '^lstmkit: error: .*model\.safetensors: has no attention to align with'
run "--attention dot" 2 -- train-s2s --pairs "$work/rev.tsv" --out "$work/x" --attention dot
expect "names the option" "$err" '^lstmkit: error: --attention: '
exit $fail
