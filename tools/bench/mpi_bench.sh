#!/usr/bin/env bash
# Data-parallel training on this machine: the char-LM (L×H LSTM, --batch 64 global, --seq-len 100, Adam)
# for one epoch over the first CHARS characters of tiny Shakespeare, on 1 process and on 2 ranks of
# mpirun, one thread each. Prints, for each: step time, tokens/s, and (2 ranks) the time and share of a
# step spent in the gradient allreduce (rank 0's wait for the slower rank included), and the gradient
# bytes that allreduce moves: the numbers the README's scaling model starts from.
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
mpirun --oversubscribe -np 2 "$lstmkit" "${job[@]}" --out "$work/n2" 2>"$work/n2.err"

params=$(grep -oE '[0-9]+ parameters' "$work/n1.err" | grep -oE '^[0-9]+')
steps=$(tail -n 1 "$work/n1/log.csv" | cut -d, -f1)
echo "parameters $params: $((params * 4)) gradient bytes a step; $steps steps an epoch"
# tokens/s: the rate of the last row of log.csv that has one (the epoch so far, warm-up included).
rate1=$(awk -F, 'NR > 1 && $6 != "" { r = $6 } END { print r }' "$work/n1/log.csv")
rate2=$(awk -F, 'NR > 1 && $6 != "" { r = $6 } END { print r }' "$work/n2/log.csv")
# Rank 0's own account: "2 processes: S ms a step, A ms (P%) of it in the gradient allreduce".
ar2=$(grep -oE '[0-9.]+ ms \([0-9.]+%\)' "$work/n2.err")
printf '%-10s %12s %12s %s\n' processes "ms/step" "tokens/s" "allreduce ms (share of a step)"
awk -v r="$rate1" -v t=$((batch * seq_len)) 'BEGIN { printf "%-10s %12.1f %12.0f %s\n", 1, 1e3 * t / r, r, "-" }'
awk -v r="$rate2" -v t=$((batch * seq_len)) -v a="$ar2" 'BEGIN { printf "%-10s %12.1f %12.0f %s\n", 2, 1e3 * t / r, r, a }'
awk -v r1="$rate1" -v r2="$rate2" 'BEGIN { printf "speed-up on 2 ranks: %.2fx\n", r2 / r1 }'
