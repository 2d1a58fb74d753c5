#!/usr/bin/env bash
# Option values every command shares the rules of (src/cli/option_checks.cc), results nobody can read
# (stdout on a full disk), error lines that stay one printable line, and training runs refused before
# they read any data.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"
text="$(dirname "$0")/../../data/shakespeare-excerpt.txt"

# refused NAME EXIT PATTERN -- ARGS...: exits EXIT with exactly one stderr line, the error matching
# PATTERN, and nothing on stdout.
refused() {
  local name=$1 want=$2 pattern=$3; shift 4
  if run "$name" "$want" -- "$@"; then
    expect "$name: the error" "$err" "^lstmkit: error: $pattern"
    expect "$name: one stderr line" "$(wc -l <"$work/err")" '^1$'
    expect "$name: nothing on stdout" "$(wc -c <"$work/out")" '^0$'
  fi
}

for c in train-lm train-s2s train-ts; do
  refused "$c --seed=-1" 2 '--seed: must not be negative' -- "$c" --seed=-1 --out "$work/run"
  refused "$c --clip nan" 2 '--clip: must be a finite number' -- "$c" --clip nan --out "$work/run"
  refused "$c --lr inf" 2 '--lr: must be a finite number' -- "$c" --lr inf --out "$work/run"
  refused "$c --eval-every -1" 2 '--eval-every: must not be negative' -- "$c" --eval-every -1 --out "$work/run"
  refused "$c --val-frac 1" 2 '--val-frac: must be below 1' -- "$c" --val-frac 1 --out "$work/run"
  refused "$c --hidden huge" 2 '--hidden: must be at most' -- "$c" --hidden 2000000000 --out "$work/run"
done
refused "sample --seed=-1" 2 '--seed: must not be negative' -- sample --model x --seed=-1
refused "forecast --seed -1" 2 '--seed: must not be negative' -- forecast --model x --seed -1
refused "forecast --steps huge" 2 '--steps: must be at most' -- forecast --model x --steps 100000000
refused "translate --max-len huge" 2 '--max-len: must be at most' -- translate --model x --max-len 1000000000
refused "summary sizes that would wrap" 2 '--(input|hidden): must be at most' -- summary --input 2000000000 --hidden 2000000000
refused "sample --temperature nan" 2 '--temperature: must be a finite number' -- sample --model x --temperature nan

# Sizes that pass one by one but not together are refused before anything is allocated.
refused "train-lm: a model too big for memory" 2 'train-lm: the model and one batch need about [0-9.]+ GB of memory; this machine has' -- \
  train-lm --text "$text" --out "$work/big" --hidden 65536 --layers 256
refused "train-ts: a model too big for memory" 2 'train-ts: the model and one batch need about' -- \
  train-ts --synthetic sine --out "$work/big" --hidden 20000 --layers 100
printf 'Go.\tVa !\nHi.\tSalut !\n' >"$work/pairs.tsv"
refused "train-s2s: a model too big for memory" 2 'train-s2s: the model and one batch need about' -- \
  train-s2s --pairs "$work/pairs.tsv" --out "$work/big" --hidden 65536 --layers 64

# --out is checked before the data is read: no progress line comes first.
touch "$work/a-file"
refused "train-lm --out a file" 1 '.*a-file: is not a directory' -- train-lm --text "$text" --out "$work/a-file"
refused "train-ts --out below a file" 1 '.*a-file/run: cannot be created' -- train-ts --synthetic sine --out "$work/a-file/run"
mkdir -p "$work/taken"
touch "$work/taken/model.safetensors"
for c in "train-lm --text $text" "train-s2s --pairs $shared/fra-eng.tsv" "train-ts --synthetic sine"; do
  # shellcheck disable=SC2086  # $c is a command and its options
  refused "${c%% *}: a model already in --out" 1 '.*taken: already holds a trained model' -- $c --out "$work/taken"
done

# Control bytes quoted in a message (here a path with a newline and an escape) are shown escaped.
refused "an error line stays one printable line" 1 '.*a\\nb\\u\{1B\}\[31m: ' -- vocab --text $'a\nb\e[31m'

# Results that cannot be written are an error, for every command that prints them.
summary_to_full() { "$bin" summary --input 3 >/dev/full 2>"$work/err"; }
if summary_to_full; then echo "FAIL summary > /dev/full exits 0"; fail=1; else
  expect "summary > /dev/full" "$(cat "$work/err")" '^lstmkit: error: stdout: cannot write the results \(No space left on device\)'
fi
vocab_to_full() { "$bin" vocab --text "$text" >/dev/full 2>"$work/err"; }
if vocab_to_full; then echo "FAIL vocab > /dev/full exits 0"; fail=1; else
  expect "vocab > /dev/full" "$(cat "$work/err")" '^lstmkit: error: stdout: cannot write the results'
fi
head -c 3000 "$text" >"$work/small.txt"
if OMP_NUM_THREADS=1 "$bin" train-lm --text "$work/small.txt" --out "$work/lm" --epochs 1 --hidden 8 --layers 1 \
     --seq-len 8 --batch 2 --quiet 2>"$work/err"; then
  for c in "sample --length 20" "eval --text $work/small.txt"; do
    # shellcheck disable=SC2086
    if "$bin" $c --model "$work/lm/model.safetensors" >/dev/full 2>"$work/err"; then
      echo "FAIL ${c%% *} > /dev/full exits 0"; fail=1
    else
      expect "${c%% *} > /dev/full" "$(cat "$work/err")" '^lstmkit: error: stdout: cannot write the results'
    fi
  done
else
  echo "FAIL training the tiny model: $(cat "$work/err")"; fail=1
fi
exit $fail
