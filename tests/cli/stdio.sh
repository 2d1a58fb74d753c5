#!/usr/bin/env bash
# `-` where a file is expected: stdin for the texts eval, vocab and translate read; refused, with what to
# do, for a training run's data and for an output directory (train-*, forecast). sample prints the
# seed it drew, and that seed draws the same text again.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"

for _ in $(seq 200); do printf 'the quick brown fox jumps over the lazy dog.\n'; done >"$work/fox.txt"
tiny=(--hidden 16 --layers 1 --batch 8 --seq-len 16 --threads 1 --epochs 1 --quiet)
run "train a tiny LM" 0 -- train-lm --text "$work/fox.txt" --out "$work/lm" "${tiny[@]}" || exit 1
lm=$work/lm/model.safetensors

run "eval --text FILE" 0 -- eval --model "$lm" --text "$work/fox.txt" --threads 1 && from_file=$out
input=$work/fox.txt run "eval --text - reads stdin" 0 -- eval --model "$lm" --text - --threads 1 &&
  if [ "$out" = "$from_file" ]; then echo "ok   eval --text - scores the same as the file"; else echo "FAIL eval --text -: $out"; fail=1; fi
printf 'ab\xffcd' >"$work/bad.txt"
input=$work/bad.txt run "eval --text - with invalid UTF-8" 1 -- eval --model "$lm" --text - &&
  expect "the error names stdin and the byte" "$err" '^lstmkit: error: stdin:byte 2: invalid UTF-8'

run "vocab --text FILE" 0 -- vocab --text "$work/fox.txt" && from_file=$(tail -n +2 <<<"$out")
input=$work/fox.txt run "vocab --text - reads stdin" 0 -- vocab --text - &&
  if [ "$(tail -n +2 <<<"$out")" = "$from_file" ]; then echo "ok   vocab --text - counts the same"; else echo "FAIL vocab --text -: $out"; fail=1; fi

for _ in $(seq 40); do printf 'go on\tvas-y\nhello there\tsalut\n'; done >"$work/pairs.tsv"
run "train a tiny s2s" 0 -- train-s2s --pairs "$work/pairs.tsv" --hidden 8 --batch 8 --epochs 1 --threads 1 --quiet \
  --out "$work/s2s" && {
  printf 'go on\nhello there\n' >"$work/src.txt"
  input=$work/src.txt run "translate from stdin" 0 -- translate --model "$work/s2s/model.safetensors" && from_stdin=$out
  input=$work/src.txt run "translate --input -" 0 -- translate --model "$work/s2s/model.safetensors" --input - &&
    if [ "$out" = "$from_stdin" ]; then echo "ok   translate --input - is stdin"; else echo "FAIL translate --input -: $out"; fail=1; fi
}

for command in train-lm train-s2s train-ts; do
  case $command in
    train-lm) data=(--text "$work/fox.txt") ;;
    train-s2s) data=(--pairs "$work/pairs.tsv") ;;
    train-ts) data=(--synthetic sine) ;;
  esac
  run "$command --out - is refused" 2 -- "$command" "${data[@]}" --out - &&
    expect "$command: it says why and what to do" "$err" "^lstmkit: error: --out: '-' \(stdout\) cannot be used here: .*; name a directory"
done
[ -e ./- ] && { echo "FAIL a directory named - was created"; fail=1; }
input=$work/fox.txt run "train-lm --text - is refused" 2 -- train-lm --text - --out "$work/x" &&
  expect "it says to save the text to a file" "$err" "^lstmkit: error: --text: a training run cannot read stdin \('-'\); save the data to a file"
[ -e "$work/x" ] && { echo "FAIL train-lm --text - created its --out"; fail=1; }

run "train a tiny ts model" 0 -- train-ts --synthetic sine --length 200 --window 10 --hidden 4 --epochs 1 --threads 1 \
  --quiet --out "$work/ts" &&
  run "forecast --out - is refused" 2 -- forecast --model "$work/ts/model.safetensors" --out - &&
  expect "forecast: it says its tables are on stdout" "$err" "^lstmkit: error: --out: .*tables go to stdout already; name a directory"

if run "sample without --seed" 0 -- sample --model "$lm" --length 40 --threads 1; then
  first=$out
  expect "it prints the seed it drew" "$err" '^lstmkit: seed [0-9]+ \(--seed [0-9]+ draws the same text again\)$'
  seed=$(sed -n 's/^lstmkit: seed \([0-9]*\) .*/\1/p' <<<"$err")
  run "sample --seed (the printed one)" 0 -- sample --model "$lm" --length 40 --threads 1 --seed "$seed" &&
    if [ "$out" = "$first" ]; then echo "ok   the printed seed draws the same text"; else echo "FAIL seed $seed drew other text"; fail=1; fi
  if grep -q "seed" <<<"$err"; then echo "FAIL a given seed is printed again"; fail=1; else echo "ok   a given seed is not printed"; fi
fi
run "sample --greedy" 0 -- sample --model "$lm" --length 10 --greedy --threads 1 &&
  if grep -q "seed" <<<"$err"; then echo "FAIL greedy sampling prints a seed"; fail=1; else echo "ok   greedy sampling draws no seed"; fi
exit $fail
