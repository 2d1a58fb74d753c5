#!/usr/bin/env bash
# Data-parallel training under mpirun (issue 16): two ranks on a global batch train the same weights as
# one process on that batch (to 1e-6 relative after 20 steps, unequal shards, dropout 0) for the three
# model kinds; gradients sent in buckets during backward give exactly the weights of one allreduce at the
# seam; a checkpoint resumes at another number of ranks; a mid-epoch checkpoint holds the whole carried
# state; only rank 0 prints and writes; a rank that cannot read its data stops every rank before
# training (rank 0 says why, all exit non-zero, the checkpoint intact); a rank killed mid-run ends the
# job within seconds, the last checkpoint whole; other commands refuse to run on several ranks.
# Registered by tests/CMakeLists.txt only in builds with MPI where mpirun exists.
set -uo pipefail
source "$(dirname "$0")/../cli/lib/check.sh"
here=$(cd "$(dirname "$0")" && pwd)
export OMP_NUM_THREADS=1
mpirun=${MPIEXEC:-mpirun}
# OpenMPI refuses root (CI's containers) unless told twice; a normal user needs nothing.
if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
# Sanitizer builds: OpenMPI's own never-freed buffers, suppressed by library (see the file).
if [ -n "${LSTMKIT_OPENMPI_LSAN:-}" ]; then
  export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$LSTMKIT_OPENMPI_LSAN"
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
  export OMPI_MCA_mca_base_component_disable_dlclose=1
fi

# mpi NAME EXPECTED_EXIT NP -- ARGS...: `run` under mpirun with NP ranks (2 cores: --oversubscribe).
mpi() {
  local name=$1 want=$2 np=$3; shift 4
  rc=0
  "$mpirun" --oversubscribe -np "$np" "$bin" "$@" </dev/null >"$work/out" 2>"$work/err" || rc=$?
  out=$(cat "$work/out"); err=$(cat "$work/err")
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $name: exit $rc, want $want; stdout: $out; stderr: $err"; fail=1; return 1
  fi
  echo "ok   $name"
}

# same NAME A B TOLERANCE: every tensor of safetensors files A and B within TOLERANCE, relative.
same() {
  local report
  if report=$(python3 "$here/compare_safetensors.py" "$2" "$3" "$4" 2>&1); then
    echo "ok   $1 ($report)"
  else
    echo "FAIL $1: $report"; fail=1
  fi
}

# 805 characters, --batch 5 × --seq-len 16: 10 steps an epoch; 2 ranks take 3 and 2 of the 5 streams.
head -c 805 "$(dirname "$0")/../../data/shakespeare-excerpt.txt" >"$work/lm.txt"
shape=(--batch 5 --seq-len 16 --hidden 16 --layers 2 --threads 1 --seed 3)
lm=(train-lm "${shape[@]}" --val-frac 0 --text "$work/lm.txt")
run "lm: one process, 20 steps" 0 -- "${lm[@]}" --epochs 2 --out "$work/lm1"
if mpi "lm: two ranks, 20 steps" 0 2 -- "${lm[@]}" --epochs 2 --out "$work/lm2"; then
  same "lm: two ranks train the weights and moments of one process" "$work/lm1/last.safetensors" "$work/lm2/last.safetensors" 1e-6
  expect "lm: the same loss is logged" "$(tail -n 1 "$work/lm2/log.csv" | cut -d, -f1-4)" "^$(tail -n 1 "$work/lm1/log.csv" | cut -d, -f1-4)\$"
  expect "lm: rank 0 alone prints" "$(grep -c '^done: ' <<<"$err")" '^1$'
fi

# A checkpoint does not depend on the number of ranks: epoch 1 on two, epoch 2 on one, and back.
if mpi "lm: epoch 1 on two ranks" 0 2 -- "${lm[@]}" --epochs 1 --out "$work/lm21"; then
  run "lm: resumed on one process" 0 -- "${lm[@]}" --epochs 2 --resume --out "$work/lm21" &&
    same "lm: 2 then 1 ranks equal one process" "$work/lm1/last.safetensors" "$work/lm21/last.safetensors" 1e-6
fi
if run "lm: epoch 1 on one process" 0 -- "${lm[@]}" --epochs 1 --out "$work/lm12"; then
  mpi "lm: resumed on two ranks" 0 2 -- "${lm[@]}" --epochs 2 --resume --out "$work/lm12" &&
    same "lm: 1 then 2 ranks equal one process" "$work/lm1/last.safetensors" "$work/lm12/last.safetensors" 1e-6
fi

# A mid-epoch checkpoint (--eval-every 1, stopped early by --patience 1 at step 19) holds the carried
# state of all 5 streams, gathered from both ranks. Ten times the default --lr, to stop early: 1e-5.
head -c 1200 "$(dirname "$0")/../../data/shakespeare-excerpt.txt" >"$work/mid.txt"
mid=(train-lm "${shape[@]}" --text "$work/mid.txt" --val-frac 0.3 --eval-every 1 --patience 1 --lr 0.02 --epochs 3)
if run "lm: stopped early mid-epoch, one process" 0 -- "${mid[@]}" --out "$work/mid1" &&
   mpi "lm: stopped early mid-epoch, two ranks" 0 2 -- "${mid[@]}" --out "$work/mid2"; then
  expect "lm: the checkpoint is mid-epoch" "$(tail -n 1 "$work/mid2/log.csv")" '^19,2,'
  shapes=$(python3 -c 'import json, struct, sys
blob = open(sys.argv[1], "rb").read()
header = json.loads(blob[8:8 + struct.unpack("<Q", blob[:8])[0]])
print(" ".join(k + "=" + str(v["shape"]) for k, v in sorted(header.items()) if k.startswith("state.")))' "$work/mid2/last.safetensors")
  expect "lm: it holds the state of all 5 streams" "$shapes" '^state.c=\[2, 5, 16\] state.h=\[2, 5, 16\]$'
  same "lm: mid-epoch checkpoints, state included, agree" "$work/mid1/last.safetensors" "$work/mid2/last.safetensors" 1e-5
fi

# Time series: 98 windows for training, --batch 9: 11 steps an epoch, the last of 8 windows.
ts=(train-ts --synthetic sine --length 120 --window 20 --hidden 8 --batch 9 --epochs 2 --seed 3 --threads 1)
run "ts: one process" 0 -- "${ts[@]}" --out "$work/ts1"
mpi "ts: two ranks" 0 2 -- "${ts[@]}" --out "$work/ts2" &&
  same "ts: two ranks train the weights of one process" "$work/ts1/last.safetensors" "$work/ts2/last.safetensors" 1e-6

# Seq2seq: reversed strings over {a, b, c}; token-weighted batches of unequal target lengths.
awk 'BEGIN { split("a b c", l, " ");
  for (n = 1; n <= 4; n++) for (code = 0; code < 3 ^ n; code++) {
    s = ""; r = ""; c = code;
    for (i = 0; i < n; i++) { ch = l[c % 3 + 1]; s = s ch; r = ch r; c = int(c / 3) }
    print s "\t" r } }' >"$work/rev.tsv"
s2s=(train-s2s --pairs "$work/rev.tsv" --hidden 16 --batch 7 --epochs 1 --seed 1 --threads 1)
run "s2s: one process" 0 -- "${s2s[@]}" --out "$work/s2s1"
mpi "s2s: two ranks" 0 2 -- "${s2s[@]}" --out "$work/s2s2" &&
  same "s2s: two ranks train the weights of one process" "$work/s2s1/last.safetensors" "$work/s2s2/last.safetensors" 1e-6

# Buckets: 64 bytes (the LM's 7,378 floats in 124 buckets, the others' in dozens), sent by the
# communication thread as backward finishes them, sum each float as one allreduce of the whole buffer
# (LSTMKIT_ALLREDUCE_BUCKET_BYTES=0) does: the same weights, bit for bit.
for kind in lm ts s2s; do
  case $kind in lm) job=("${lm[@]}" --epochs 2) ;; ts) job=("${ts[@]}") ;; s2s) job=("${s2s[@]}") ;; esac
  LSTMKIT_ALLREDUCE_BUCKET_BYTES=64 mpi "$kind: two ranks, 64-byte buckets" 0 2 -- "${job[@]}" --out "$work/$kind-b64" ||
    continue
  expect "$kind: tiny buckets are many" "$err" 'gradient allreduce in [0-9]{2,} buckets'
  LSTMKIT_ALLREDUCE_BUCKET_BYTES=0 mpi "$kind: two ranks, one allreduce" 0 2 -- "${job[@]}" --out "$work/$kind-b0" &&
    same "$kind: bucketed during backward = one allreduce at the seam" "$work/$kind-b64/last.safetensors" \
      "$work/$kind-b0/last.safetensors" 0
done
LSTMKIT_ALLREDUCE_BUCKET_BYTES=lots mpi "a bucket size that is not a number" 1 2 -- "${lm[@]}" --epochs 1 --out "$work/lm-bad" &&
  expect "says so, once" "$err" '^lstmkit: error: LSTMKIT_ALLREDUCE_BUCKET_BYTES: .lots. is not a number of bytes'

# Rank 1 cannot read its text (an MPMD launch gives it another path): no rank trains; rank 0 says which
# rank failed and why, in one line, every rank exits non-zero, and the checkpoint is as it was.
cp "$work/lm1/last.safetensors" "$work/before"
rc=0
"$mpirun" --oversubscribe -np 1 "$bin" "${lm[@]}" --epochs 3 --resume --out "$work/lm1" : \
  -np 1 "$bin" train-lm "${shape[@]}" --val-frac 0 --text "$work/missing.txt" --epochs 3 --resume --out "$work/lm1" \
  </dev/null >"$work/out" 2>"$work/err" || rc=$?
err=$(cat "$work/err")
expect "a rank without its data fails the job" "$rc" '^[1-9]'
expect "rank 0 says which rank cannot read what" "$err" "^lstmkit: error: rank 1: .*missing.txt: cannot read"
expect "in one line" "$(grep -c 'lstmkit: error' <<<"$err")" '^1$'
# The same, each rank under a shell that keeps its exit code: both ranks exit 1 by themselves.
RCDIR=$work "$mpirun" --oversubscribe -np 1 sh -c '"$0" "$@"; echo $? >"$RCDIR/rc.$OMPI_COMM_WORLD_RANK"' "$bin" "${lm[@]}" \
  --epochs 3 --resume --out "$work/lm1" : -np 1 sh -c '"$0" "$@"; echo $? >"$RCDIR/rc.$OMPI_COMM_WORLD_RANK"' \
  "$bin" train-lm "${shape[@]}" --val-frac 0 --text "$work/missing.txt" --epochs 3 --resume --out "$work/lm1" \
  </dev/null >/dev/null 2>&1
expect "every rank exits 1" "$(cat "$work/rc.0" "$work/rc.1" 2>&1 | tr '\n' ' ')" '^1 1 $'
expect "no rank trained" "$(grep -c '^epoch ' <<<"$err")" '^0$'
if cmp -s "$work/before" "$work/lm1/last.safetensors"; then echo "ok   the checkpoint is intact"; else
  echo "FAIL the checkpoint changed"; fail=1; fi

# Rank 1 killed mid-run (SIGKILL: it says nothing): mpirun notices, ends rank 0 and exits non-zero within
# seconds; the last checkpoint, written atomically every 5 steps, is whole: it loads and resumes.
"$mpirun" --oversubscribe -np 2 "$bin" "${lm[@]}" --eval-every 5 --epochs 100000 --out "$work/killed" \
  </dev/null >"$work/out" 2>"$work/err" &
job=$!
for _ in $(seq 600); do [ -s "$work/killed/last.safetensors" ] && break; sleep 0.1; done
sleep 0.5
rank1=
for pid in $(pgrep -P "$job"); do
  if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1'; then rank1=$pid; fi
done
if [ -z "$rank1" ]; then
  echo "FAIL a killed rank: rank 1 of the running job not found"; fail=1; kill "$job"; wait "$job"
else
  kill -KILL "$rank1"
  start=$(date +%s%N)
  rc=0
  wait "$job" || rc=$?
  seconds=$((($(date +%s%N) - start) / 1000000000))
  expect "a killed rank ends the job, non-zero" "$rc" '^[1-9]'
  expect "within 30 s (took ${seconds} s)" "$seconds" '^([0-9]|[12][0-9])$'
  expect "mpirun says which rank died how" "$(cat "$work/err")" 'process rank 1 .* exited on signal 9 \(Killed\)'
  run "the last checkpoint loads" 0 -- eval --model "$work/killed/last.safetensors" --text "$work/lm.txt"
  epoch=$(tail -n 1 "$work/killed/log.csv" | cut -d, -f2)
  run "and resumes" 0 -- "${lm[@]}" --eval-every 5 --epochs $((epoch + 1)) --resume --out "$work/killed"
fi

mpi "other commands refuse several ranks" 2 2 -- eval --model "$work/lm1/model.safetensors" --text "$work/lm.txt" &&
  expect "says which commands run on several ranks" "$err" '^lstmkit: error: mpirun: only train-lm, train-s2s and train-ts'
exit $fail
