#!/usr/bin/env bash
# A second Ctrl-C ends training at once — and still leaves nothing half-written: no checkpoint .tmp, no
# staged log, no plot scratch directory (io/unfinished_files.h).
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"
export OMP_NUM_THREADS=1 TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
# Checkpoints of 2×256 with Adam's moments are ~6 MB and --eval-every 1 writes two of them every step,
# so most signals land while a file is being written.
for attempt in 1 2 3 4 5 6; do
  out="$work/run$attempt"
  "$bin" train-lm --text "$(dirname "$0")/../../data/shakespeare-excerpt.txt" --out "$out" --eval-every 1 \
    --batch 8 --seq-len 20 --quiet 2>"$work/err" &
  pid=$!
  sleep "0.$((5 + attempt))"
  kill -INT "$pid" 2>/dev/null
  sleep "0.00$attempt"
  kill -INT "$pid" 2>/dev/null
  wait "$pid"
  rc=$?
  expect "attempt $attempt: ended by the signal or saved" "$rc" '^130$'
  left=$(find "$out" "$TMPDIR" -mindepth 1 \( -name '*.tmp' -o -name '*.new' -o -name 'lstmkit-plot-*' \) 2>/dev/null)
  expect "attempt $attempt: nothing half-written left" "[$left]" '^\[\]$'
done
exit $fail
