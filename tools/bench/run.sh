#!/usr/bin/env bash
# Issue 12's speed table in one sitting on this machine: every workload for PyTorch 1.13 at
# torch.set_num_threads(1) and at its default, and for lstmkit in f32 and (where the CPU has native
# bf16) bf16, with the ratios to PyTorch's better setting, the CPU, oneDNN's ISA and the load average
# before and after. A benchmark, not a test: CTest never runs it.
#   tools/bench/run.sh [--quick]
# --quick: a few steps per row (a smoke run of the script; its figures are rough).
# LSTMKIT=path (default build/lstmkit); LSTMKIT_SHARED_DATA as for the tests. THREADS=n gives lstmkit's
# --threads (default 0: every core, as the issue's table does; on a machine busy with other work oneDNN's
# spinning threads make 1 faster).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lstmkit=${LSTMKIT:-$root/build/lstmkit}
text=${LSTMKIT_SHARED_DATA:-$root/../shared/data}/tinyshakespeare.txt
py=/usr/bin/python3
quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
cores=$(nproc)
threads=${THREADS:-0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=$work/results.csv
: >"$results"

# Full runs measure enough steps for a stable rate; quick ones just exercise every row.
# Quick runs hold out a larger share so that a short text still has the two validation windows both
# programs need.
if ((quick)); then lm_steps=6; val_frac=0.25; sample_short=20; sample_long=120; ts_length=1200
else lm_steps=30; val_frac=0.1; sample_short=200; sample_long=2200; ts_length=8000; fi

# One result: workload (quoted: it has commas), unit, setting, value (empty when not run).
record() { echo "\"$1\",$2,$3,${4:-}" >>"$results"; }

# PyTorch's line "epoch,val_loss,seconds,tokens_per_s" for epoch 1: its rate.
torch_lm() {  # threads T N H text
  "$py" "$here/torch_char_lm.py" --text "$5" --epochs 1 --hidden "$4" --layers 2 --seq-len "$2" --batch "$3" \
    --threads "$1" --max-steps "$lm_steps" --val-frac "$val_frac" | awk -F, '$1 == "1" { print $4 }'
}

# lstmkit's steady training rate; empty when the precision is refused (no native bf16).
lstmkit_lm() {  # precision T N H text
  local out=$work/lm-$1-$4
  "$lstmkit" train-lm --text "$5" --out "$out" --force --epochs 1 --hidden "$4" --layers 2 --seq-len "$2" \
    --batch "$3" --init torch --optimizer adam --optimizer-defaults torch --clip 5 --val-frac "$val_frac" \
    --precision "$1" --threads "$threads" --quiet 2>"$work/stderr" || { grep -q 'native bf16' "$work/stderr" && return 0; cat "$work/stderr" >&2; return 1; }
  "$py" "$here/bench_table.py" steady "$out/log.csv" $(($2 * $3))
}

lm_row() {  # T N H
  local name="char-LM train 2×$3, T $1, N $2" slice=$work/text-$3.txt
  # Enough text for lm_steps training windows, and for two validation windows in the part held out
  # (Shakespeare is ASCII: a byte a token).
  head -c "$(awk -v s="$lm_steps" -v tn=$(($1 * $2)) -v f="$val_frac" \
               'BEGIN { a = (s + 2) * tn / (1 - f); b = (2 / f + 1) * tn; printf "%d", (a > b ? a : b) }')" "$text" >"$slice"
  record "$name" "tok/s" torch1 "$(torch_lm 1 "$1" "$2" "$3" "$slice")"
  record "$name" "tok/s" torchdef "$(torch_lm "$cores" "$1" "$2" "$3" "$slice")"
  record "$name" "tok/s" f32 "$(lstmkit_lm f32 "$1" "$2" "$3" "$slice")"
  record "$name" "tok/s" bf16 "$(lstmkit_lm bf16 "$1" "$2" "$3" "$slice")"
}

seconds_of() {  # command...: its wall time
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/stderr" || { grep -q 'native bf16' "$work/stderr" && echo "" && return 0; cat "$work/stderr" >&2; return 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}

# Characters per second at batch 1: the difference of a short and a long run cancels loading and priming.
lstmkit_sample() {  # precision model
  local short long
  short=$(seconds_of "$lstmkit" sample --model "$2" --length "$sample_short" --seed 1 --precision "$1" --threads "$threads")
  [[ -n $short ]] || return 0
  long=$(seconds_of "$lstmkit" sample --model "$2" --length "$sample_long" --seed 1 --precision "$1" --threads "$threads")
  awk -v s="$short" -v l="$long" -v n=$((sample_long - sample_short)) 'BEGIN { if (l > s) printf "%.1f\n", n / (l - s) }'
}

sample_row() {  # model
  local name="sampling 2×512, batch 1"
  for t in 1 "$cores"; do
    record "$name" "char/s" "$([[ $t == 1 ]] && echo torch1 || echo torchdef)" \
      "$("$py" "$here/torch_sample.py" --model "$1" --length "$sample_long" --threads "$t" | awk -F, '{ print $2 }')"
  done
  record "$name" "char/s" f32 "$(lstmkit_sample f32 "$1")"
  record "$name" "char/s" bf16 "$(lstmkit_sample bf16 "$1")"
}

lstmkit_ts() {  # precision
  local out=$work/ts-$1
  "$lstmkit" train-ts --synthetic sine --length "$ts_length" --window 80 --hidden 300 --batch 256 \
    --optimizer rmsprop --lr 1e-3 --lr-schedule constant --val-frac 0.2 --epochs 2 --patience 0 \
    --precision "$1" --threads "$threads" --quiet --out "$out" --force 2>"$work/stderr" ||
    { grep -q 'native bf16' "$work/stderr" && return 0; cat "$work/stderr" >&2; return 1; }
  "$py" "$here/bench_table.py" steady "$out/log.csv" 256 1
}

ts_row() {
  local name="ts train H 300, window 80, batch 256"
  for t in 1 "$cores"; do
    record "$name" "windows/s" "$([[ $t == 1 ]] && echo torch1 || echo torchdef)" \
      "$("$py" "$here/torch_ts.py" --length "$ts_length" --epochs 2 --rounds 1 --threads "$cores" \
           --torch-threads "$t" | awk '/^torch +best/ { print $3 }')"
  done
  record "$name" "windows/s" f32 "$(lstmkit_ts f32)"
  record "$name" "windows/s" bf16 "$(lstmkit_ts bf16)"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
lm_row 50 50 128
lm_row 100 64 256
lm_row 100 64 512
model=$work/lm-f32-512/model.safetensors
isa=$("$lstmkit" sample --model "$model" --length 1 --seed 1 --precision auto 2>&1 >/dev/null | sed -n 's/.*oneDNN ISA \([a-z0-9_]*\).*/\1/p')
sample_row "$model"
ts_row
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "# lstmkit tools/bench/run.sh$( ((quick)) && echo ' --quick (a smoke run: few steps per row, rough figures)')"
echo "machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $cores cores;" \
     "CPU flags: $(grep -o 'amx_bf16\|avx512_bf16\|avx512f' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "oneDNN ISA: ${isa:-unknown}; lstmkit --threads $threads (0: all cores); PyTorch $("$py" -c 'import torch; print(torch.__version__)'), default threads $cores"
echo "load average (1, 5, 15 min) before: $load_before; after: $(cut -d' ' -f1-3 <<<"$load_after")"
echo
"$py" "$here/bench_table.py" table "$results"
