#!/usr/bin/env bash
# Ctrl-C during sample, translate and eval: the job stops between batches (a sample between tokens), what
# was already printed stays, and the program exits 130 with one line, promptly. Reading standard input
# is not a job: there Ctrl-C ends the program at once, as it did before, the lines printed kept.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"
export OMP_NUM_THREADS=1
bg=""  # a run still going when the script ends is stopped
trap '[ -n "$bg" ] && kill -KILL "$bg" 2>/dev/null; rm -rf "$work"' EXIT

# Whether the background run has printed something ($lines lines when set).
printed() {
  if [ -n "${lines:-}" ]; then [ "$(wc -l <"$work/out")" -ge "$lines" ]; else [ -s "$work/out" ]; fi
}

# interrupt NAME -- ARGS...: runs the binary in the background (stdin from $input, else /dev/null), sends
# SIGINT once it has printed (or after $delay seconds when set), and leaves the exit code, the
# milliseconds from the signal to the end, stdout and stderr in $rc $ms $out $err.
interrupt() {
  local name=$1; shift 2
  "$bin" "$@" <"${input:-/dev/null}" >"$work/out" 2>"$work/err" &
  bg=$!
  if [ -n "${delay:-}" ]; then
    sleep "$delay"
  else
    for _ in $(seq 600); do printed && break; sleep 0.1; done
  fi
  local start
  start=$(date +%s%N)
  kill -INT "$bg"
  wait "$bg"
  rc=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  bg=""
  out=$(cat "$work/out"); err=$(cat "$work/err")
  expect "$name: exit 130" "$rc" '^130$'
  # A tiny model's batch takes milliseconds; the bound allows for a loaded test machine.
  expect "$name: ends within 5 s of Ctrl-C (took $ms ms)" "$ms" '^[0-9]{1,3}$|^[0-4][0-9]{3}$'
}

# The one line an interrupted job prints.
interrupted_line='^lstmkit: error: interrupted before the end; what was written before is complete; run it again to finish$'

for _ in $(seq 300); do printf 'hello world\n'; done >"$work/hello.txt"
run "a tiny language model" 0 -- train-lm --text "$work/hello.txt" --out "$work/lm" --epochs 1 --quiet \
  --hidden 64 --layers 1 --batch 8 --seq-len 16 --threads 1
lm=$work/lm/model.safetensors

interrupt "sample" -- sample --model "$lm" --prime "hello" --length 100000000 --seed 1 --threads 1
expect "sample: the text printed stays" "$out" '^hello'
expect "sample: and ends its line" "$(tail -c 1 "$work/out" | od -An -c | tr -d ' ')" '^\\n$'
expect "sample: one line on stderr" "$err" "$interrupted_line"
expect "sample: nothing else on stderr" "$(wc -l <"$work/err")" '^1$'

# About 20 s of scoring for the tiny model, interrupted after 1.
awk 'BEGIN { for (i = 0; i < 400000; i++) print "hello world" }' >"$work/long.txt"
delay=1 interrupt "eval" -- eval --model "$lm" --text "$work/long.txt" --threads 1
expect "eval: one line, no score" "$err$out" "$interrupted_line"

# reversal_pairs SEED MIN SPAN: 200,000 strings of a, b, c (MIN to MIN+SPAN-1 long) and their reverses.
reversal_pairs() {
  awk -v seed="$1" -v min="$2" -v span="$3" 'BEGIN { split("a b c", l, " "); srand(seed);
    for (i = 0; i < 200000; i++) { n = min + int(rand() * span); s = ""; r = "";
      for (j = 0; j < n; j++) { ch = l[1 + int(rand() * 3)]; s = s ch; r = ch r }
      print s "\t" r } }'
}

# A model trained for one epoch on short strings translates them.
reversal_pairs 7 1 6 >"$work/pairs.tsv"
head -n 600 "$work/pairs.tsv" >"$work/train.tsv"
cut -f1 "$work/pairs.tsv" >"$work/sources.txt"
run "a tiny translator" 0 -- train-s2s --pairs "$work/train.tsv" --out "$work/s2s" --hidden 16 --epochs 1 \
  --attention none --quiet --threads 1
s2s=$work/s2s/model.safetensors

# The first chunk of 4,096 lines is printed whole before the signal; the job stops in a later one.
interrupt "translate --input" -- translate --model "$s2s" --input "$work/sources.txt" --beam 3 --threads 1
printed=$(wc -l <"$work/out")
expect "translate: whole chunks printed ($printed lines), not all 200,000" "$((printed % 4096)) $printed" '^0 [0-9]{4,5}$'
expect "translate: one line on stderr" "$err" "$interrupted_line"

# eval groups the references of one source, and pairs.tsv has only 1,092 sources (under a second of work on an
# idle machine); 200,000 longer strings are nearly all distinct: far more than 1 s of decoding.
reversal_pairs 11 8 7 >"$work/long_pairs.tsv"
delay=1 interrupt "eval --pairs" -- eval --model "$s2s" --pairs "$work/long_pairs.tsv" --beam 3 --threads 1
expect "eval --pairs: one line, no scores" "$err$out" "$interrupted_line"

# forecast stops between forward passes (here in its closed loop), before any file is written.
run "a tiny time-series model" 0 -- train-ts --synthetic sine --epochs 1 --hidden 4 --window 8 --threads 1 \
  --out "$work/ts" --quiet
delay=1 interrupt "forecast --steps" -- forecast --model "$work/ts/model.safetensors" --steps 1000000 \
  --out "$work/forecast" --threads 1
expect "forecast: one line on stderr" "$err" "$interrupted_line"
expect "forecast: no file left behind" "[$(ls -A "$work/forecast" 2>/dev/null)]" '^\[\]$'

# Standard input that stays open: the reader waits in read(), and Ctrl-C ends the program there.
mkfifo "$work/fifo"
exec 3<>"$work/fifo"
head -n 5000 "$work/sources.txt" >&3
lines=5000 input=$work/fifo interrupt "translate from stdin" -- translate --model "$s2s" --threads 1
expect "translate from stdin: every line given was translated and stays" "$(wc -l <"$work/out")" '^5000$'
exec 3>&-

exit $fail
