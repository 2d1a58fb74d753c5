#!/usr/bin/env bash
# The library names settings by their config fields in backticks (`seq_len`, include/lstmkit/error.h);
# the program prints them as its options (--seq-len). Every setting the library's sources name must be
# an option of some command, or one of the few only Python sets, and none reaches the terminal in
# backticks: in errors, in hints and in the notes of a run.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)

# Set by the Python API only: rows (Forecaster.fit's first rows), x (predict's windows).
python_only="rows x"

options=$(for c in train-lm sample train-s2s translate train-ts forecast backtest eval summary vocab; do
  "$bin" "$c" --help; done | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
settings=$(find "$root/src" "$root/include" -name '*.cc' -o -name '*.h' | grep -v '/src/cli/' | xargs cat |
  grep -oE '"[^"]*"' | grep -oE '`[a-z][a-z0-9_]*`' | tr -d '`' | sort -u)
missing=""
for s in $settings; do
  option="--${s//_/-}"
  grep -qxF -- "$option" <<<"$options" || grep -qw -- "$s" <<<"$python_only" || missing+=" $s"
done
if [ -z "$settings" ]; then
  echo "FAIL settings found in the library's sources: none (the scan is broken)"; fail=1
elif [ -n "$missing" ]; then
  echo "FAIL every setting the library names is an option:$missing are not"; fail=1
else
  echo "ok   every setting the library names ($(wc -w <<<"$settings")) is an option or a Python keyword"
fi

# An error from the data layer, with a setting at its head and two in its hint.
printf 'to be or not to be\n' >"$work/short.txt"
if run "train-lm on a text shorter than one batch" 2 -- train-lm --text "$work/short.txt" --out "$work/lm" \
     --batch 64 --seq-len 100 --val-frac 0; then
  expect "the error names the options" "$err" '^lstmkit: error: --seq-len: .*lower --batch or --seq-len'
fi
# The sampler's setting (`top_k`), checked before the model is read.
if run "sample --top-k -1" 2 -- sample --model "$work/none.safetensors" --top-k -1; then
  expect "the sampler's setting is the option" "$err" '^lstmkit: error: --top-k: '
fi
# A note of a run naming a setting: pairs dropped by --max-len.
printf 'a\tb\nabcdefgh\tabcdefgh\nab\tba\nabc\tcba\n' >"$work/pairs.tsv"
if run "train-s2s dropping long pairs" 0 -- train-s2s --pairs "$work/pairs.tsv" --out "$work/s2s" --max-len 4 \
     --epochs 1 --hidden 8 --batch 2 --val-frac 0 --threads 1; then
  expect "the note names the option" "$out$err" 'longer than --max-len 4'
fi
for text in "$out" "$err"; do
  if grep -qE '`[a-z][a-z0-9_]*`' <<<"$text"; then echo "FAIL a setting in backticks reached the terminal: $text"; fail=1; fi
done
exit $fail
