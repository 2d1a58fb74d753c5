#!/usr/bin/env bash
# --embed and --tie-embeddings end to end on tiny data: train-lm and train-s2s train with learned
# embeddings, sample / translate / eval / summary read the models, --resume keeps the options (and
# refuses another --embed), and tying without --embed equal to --hidden is a usage error.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"
export OMP_NUM_THREADS=1

for _ in $(seq 300); do printf 'hello world\n'; done >"$work/hello.txt"
awk 'BEGIN { split("a b c", l, " ");
  for (copy = 0; copy < 30; copy++) for (n = 1; n <= 4; n++) for (code = 0; code < 3 ^ n; code++) {
    s = ""; r = ""; c = code;
    for (i = 0; i < n; i++) { ch = l[c % 3 + 1]; s = s ch; r = ch r; c = int(c / 3) }
    print s "\t" r } }' >"$work/rev.tsv"
head -n 120 "$work/rev.tsv" >"$work/dev.tsv"
tiny=(--hidden 16 --layers 1 --batch 8 --seq-len 16 --threads 1)

# Language model: train, sample, eval, summary, resume.
lm=$work/lm
if run "train-lm --embed 16" 0 -- train-lm --text "$work/hello.txt" --out "$lm" --epochs 1 --embed 16 --quiet "${tiny[@]}"; then
  run "sample from the embedded model" 0 -- sample --model "$lm/model.safetensors" --prime hello --length 20 --seed 1 &&
    expect "it writes text" "$out" '^hello'
  run "eval the embedded model" 0 -- eval --model "$lm/model.safetensors" --text "$work/hello.txt" &&
    expect "eval prints the loss" "$out" '^loss +[0-9]+\.[0-9]{4} nats/'
  run "summary of the embedded model" 0 -- summary --model "$lm/model.safetensors" &&
    expect "the embedding is a row of V·E parameters" "$out" '^embed +Embedding\(13, 16\) +\(None, None, 16\) +208$'
  run "resume keeps --embed" 0 -- train-lm --text "$work/hello.txt" --out "$lm" --resume --epochs 2 --quiet &&
    expect "the resumed run trained epoch 2" "$(tail -n 1 "$lm/log.csv")" '^[0-9]+,2,'
  run "resume with another --embed" 2 -- train-lm --text "$work/hello.txt" --out "$lm" --resume --epochs 3 --embed 8 --quiet &&
    expect "names --embed and the run's value" "$err" '^lstmkit: error: --embed: differs from the run being resumed \(16\)'
fi
if run "train-lm --embed 16 --tie-embeddings" 0 -- train-lm --text "$work/hello.txt" --out "$work/tied" --epochs 1 \
  --embed 16 --tie-embeddings --quiet "${tiny[@]}"; then
  run "sample from the tied model" 0 -- sample --model "$work/tied/model.safetensors" --length 10 --seed 1
  run "summary counts the tied table once" 0 -- summary --model "$work/tied/model.safetensors" &&
    expect "the tied row has no parameters of its own" "$out" '^embed +Embedding\(13, 16\) tied to head .* 0$'
fi
run "tying needs --embed equal to --hidden" 2 -- train-lm --text "$work/hello.txt" --out "$work/bad" --embed 8 \
  --tie-embeddings "${tiny[@]}" &&
  expect "it says what to give" "$err" '^lstmkit: error: --tie-embeddings: needs --embed equal to --hidden .*; give --embed 16'
[ -e "$work/bad" ] && { echo "FAIL the refused run left $work/bad"; fail=1; }

# Translator: train, translate, eval, resume.
s2s=$work/s2s
if run "train-s2s --embed 16" 0 -- train-s2s --pairs "$work/rev.tsv" --out "$s2s" --hidden 64 --batch 16 --epochs 1 \
  --lr 1e-2 --seed 1 --embed 16 --threads 1 --quiet; then
  input=$work/in.txt
  printf 'abc\ncab\n' >"$input"
  run "translate with the embedded model" 0 -- translate --model "$s2s/model.safetensors" &&
    expect "reversed" "$(tr '\n' ' ' <"$work/out")" '^cba bac $'
  run "beam search with the embedded model" 0 -- translate --model "$s2s/model.safetensors" --beam 3 &&
    expect "reversed" "$(tr '\n' ' ' <"$work/out")" '^cba bac $'
  unset input
  run "eval the embedded translator" 0 -- eval --model "$s2s/model.safetensors" --pairs "$work/dev.tsv" &&
    expect "eval prints BLEU" "$out" '^BLEU +[0-9]+\.[0-9]{2} '
  run "resume the embedded translator" 0 -- train-s2s --pairs "$work/rev.tsv" --out "$s2s" --resume --epochs 2 --quiet
fi
run "train-s2s --embed 64 --tie-embeddings" 0 -- train-s2s --pairs "$work/dev.tsv" --out "$work/s2s-tied" --hidden 64 \
  --batch 16 --epochs 1 --embed 64 --tie-embeddings --threads 1 --quiet &&
  run "translate with the tied translator" 0 -- translate --model "$work/s2s-tied/model.safetensors" --input "$work/dev.tsv"
exit $fail
