#!/usr/bin/env bash
# --threads sizes the OpenMP team oneDNN's primitives run on (through the library: the program links no
# OpenMP runtime of its own). Counted as the threads of a running `sample`: OpenMP keeps a team's threads
# alive between parallel regions.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"
export OMP_NUM_THREADS=1
bg=""  # a run still going when the script ends is stopped
trap '[ -n "$bg" ] && kill -KILL "$bg" 2>/dev/null; rm -rf "$work"' EXIT

for _ in $(seq 100); do printf 'hello world\n'; done >"$work/hello.txt"
run "a tiny language model" 0 -- train-lm --text "$work/hello.txt" --out "$work/lm" --epochs 1 --quiet \
  --hidden 8 --layers 1 --batch 8 --seq-len 16 --threads 1 || exit $fail

# threads_while_sampling N: the number of threads of `sample --threads N` once it has printed.
threads_while_sampling() {
  "$bin" sample --model "$work/lm/model.safetensors" --prime "hello" --length 100000000 --seed 1 \
    --threads "$1" >"$work/out" 2>"$work/err" &
  bg=$!
  for _ in $(seq 600); do [ -s "$work/out" ] && break; sleep 0.1; done
  ls "/proc/$bg/task" | wc -l
  kill -KILL "$bg" 2>/dev/null
  wait "$bg" 2>/dev/null
  bg=""
}
one=$(threads_while_sampling 1)
three=$(threads_while_sampling 3)
expect "--threads 3 runs two threads more than --threads 1 ($one and $three threads)" "$((three - one))" '^2$'
exit $fail
