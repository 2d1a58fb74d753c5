#!/usr/bin/env bash
# Data-parallel training on this machine: the char-LM (L×H LSTM, --batch 64 global, --seq-len 100, Adam)
# for one epoch over the first CHARS characters of tiny Shakespeare, on 1 process and on 2 ranks of
# mpirun, one thread each — 2 ranks twice: the gradient in one allreduce at the seam after backward
# (LSTMKIT_ALLREDUCE_BUCKET_BYTES=0, as before buckets), and in buckets (default 4 MiB) sent by a
# communication thread while backward goes on. Prints, for each: step time, tokens/s, and (2 ranks)
# rank 0's time in the allreduce's collectives (its wait for the slower rank included) and the part of
# it the step waited for at the seam (exposed, not hidden behind backward), and the gradient bytes that
# allreduce moves: the numbers the README's scaling model starts from.
#   tools/bench/mpi_bench.sh [HIDDEN] [LAYERS] [CHARS] [TEXT]
# LSTMKIT=path/to/lstmkit (default build-mpi/lstmkit, then build/lstmkit); the binary needs MPI built in.
# A busy machine (other builds on the 2 cores) slows both runs and the 2-rank run more: note the load.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
hidden=${1:-512}
layers=${2:-2}
chars=${3:-130000}
text=${4:-${LSTMKIT_SHARED_DATA:-$root/../shared/data}/tinyshakespeare.txt}
lstmkit=${LSTMKIT:-$root/build-mpi/lstmkit}
[ -x "$lstmkit" ] || lstmkit=$root/build/lstmkit
if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c "$chars" "$text" >"$work/text.txt"
batch=64 seq_len=100
job=(train-lm --text "$work/text.txt" --hidden "$hidden" --layers "$layers" --batch $batch --seq-len $seq_len
     --epochs 1 --val-frac 0 --threads 1)

echo "== ${layers}x$hidden LSTM char-LM, global batch $batch x $seq_len tokens, $chars characters, 1 thread a process"
"$lstmkit" "${job[@]}" --out "$work/n1" 2>"$work/n1.err"
LSTMKIT_ALLREDUCE_BUCKET_BYTES=0 mpirun --oversubscribe -np 2 "$lstmkit" "${job[@]}" --out "$work/seam" 2>"$work/seam.err"
mpirun --oversubscribe -np 2 "$lstmkit" "${job[@]}" --out "$work/buckets" 2>"$work/buckets.err"

params=$(grep -oE '[0-9]+ parameters' "$work/n1.err" | grep -oE '^[0-9]+')
steps=$(tail -n 1 "$work/n1/log.csv" | cut -d, -f1)
echo "parameters $params: $((params * 4)) gradient bytes a step; $steps steps an epoch"
# tokens/s: the rate of the last row of log.csv that has one (the epoch so far, warm-up included).
rate() { awk -F, 'NR > 1 && $7 != "" { r = $7 } END { print r }' "$1/log.csv"; }
# Rank 0's own account: "2 processes: S ms a step; gradient allreduce in B buckets: A ms, of which the
# step waited W ms (P%)".
account() { grep -oE 'in [0-9]+ buckets: [0-9.]+ ms, of which the step waited [0-9.]+ ms \([0-9.]+%\)' "$1"; }
printf '%-22s %9s %9s %s\n' processes "ms/step" "tokens/s" "allreduce (rank 0)"
row() { awk -v n="$1" -v r="$2" -v t=$((batch * seq_len)) -v a="$3" 'BEGIN { printf "%-22s %9.1f %9.0f %s\n", n, 1e3 * t / r, r, a }'; }
row 1 "$(rate "$work/n1")" -
row "2, one at the seam" "$(rate "$work/seam")" "$(account "$work/seam.err")"
row "2, buckets" "$(rate "$work/buckets")" "$(account "$work/buckets.err")"
awk -v r1="$(rate "$work/n1")" -v r2="$(rate "$work/seam")" -v r3="$(rate "$work/buckets")" \
  'BEGIN { printf "speed-up on 2 ranks: %.2fx (one allreduce), %.2fx (buckets)\n", r2 / r1, r3 / r1 }'
uptime
