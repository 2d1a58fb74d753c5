#!/usr/bin/env bash
# Issue 12's speed table in one sitting on this machine: every workload for PyTorch 1.13 at
# torch.set_num_threads(1) and at its default, and for lstmkit in f32 and (where the CPU has native
# bf16) bf16, with the ratios to PyTorch's better setting, lstmkit's GFLOP/s (the matrix products of the
# row's shapes), its share of the oneDNN primitive ceiling (rnn_ceiling.cc: the LSTM primitives alone
# on the same shapes, measured in the same run), the CPU, oneDNN's ISA and the load average before and
# after. A benchmark, not a test: CTest never runs it.
#   tools/bench/run.sh [--quick] [--profile]
# --quick: a few steps per row (a smoke run of the script; its figures are rough).
# --profile: instead of the table, where the time of a char-LM training step and of batch-1 sampling
# goes (lm_step_profile.cc: CPU ms per part, f32 and, where native, bf16).
# LSTMKIT=path (default build/lstmkit; the tools are built against liblstmkit.a beside it);
# LSTMKIT_SHARED_DATA as for the tests. THREADS=n gives lstmkit's --threads (default 0: every core, as
# the issue's table does; on a machine busy with other work oneDNN's spinning threads make 1 faster).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lstmkit=${LSTMKIT:-$root/build/lstmkit}
data=${LSTMKIT_SHARED_DATA:-$root/../shared/data}
text=$data/tinyshakespeare.txt
py=/usr/bin/python3
quick=0 profile=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --profile) profile=1 ;;
    *) echo "usage: $0 [--quick] [--profile]" >&2; exit 2 ;;
  esac
done
cores=$(nproc)
threads=${THREADS:-0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=$work/results.csv
: >"$results"

# The C++ tools of this folder, built against lstmkit's headers and the library beside the binary.
build_tool() {  # name [library]
  g++ -O2 -std=c++20 -I"$root/include" "$here/$1.cc" ${2:-} -ldnnl -fopenmp -o "$work/$1"
}

if ((profile)); then
  build_tool lm_step_profile "$(dirname "$lstmkit")/liblstmkit.a"
  repeats=$( ((quick)) && echo 1 || echo 5)
  for precision in f32 bf16; do
    "$work/lm_step_profile" --precision "$precision" --threads "${THREADS:-1}" --repeats "$repeats" 2>"$work/stderr" ||
      { grep -q 'native bf16' "$work/stderr" && echo "(bf16: no native bf16 on this CPU)" && continue; cat "$work/stderr" >&2; exit 1; }
    echo
  done
  exit 0
fi

# Full runs measure enough steps for a stable rate; quick ones just exercise every row.
# Quick runs hold out a larger share so that a short text still has the two validation windows both
# programs need.
if ((quick)); then lm_steps=6; val_frac=0.25; sample_short=20; sample_long=120; ts_length=1200; s2s_sources=400; probe_repeats=2
else lm_steps=30; val_frac=0.1; sample_short=200; sample_long=2200; ts_length=8000; s2s_sources=2000; probe_repeats=5; fi

# One result: workload (quoted: it has commas), unit, setting, value (empty when not run). Settings:
# torch1, torchdef, f32, bf16 (rates), flops (per unit of the rate), ceil_f32, ceil_bf16 (the
# primitives' rate alone).
record() { echo "\"$1\",$2,$3,${4:-}" >>"$results"; }

# FLOPs of the matrix products of an LSTM stack with a head, per token: 2·4H·(I_k + H) per layer and
# 2·H·V for the head, three times that when training (forward, input and weight gradients).
lm_flops() {  # I H L V passes
  awk -v i="$1" -v h="$2" -v l="$3" -v v="$4" -v p="$5" 'BEGIN { f = 2 * h * v
    for (k = 0; k < l; k++) f += 8 * h * ((k ? h : i) + h); printf "%.0f", p * f }'
}

# The primitive ceiling of a shape, in the row's unit: rnn_ceiling's tokens/s divided by `per_unit`
# tokens (a window of T for a time series). Empty without native bf16.
ceiling() {  # precision T,N,I,H,L,mode per_unit
  local line
  line=$("$work/rnn_ceiling" --precision "$1" --threads "$threads" --repeats "$probe_repeats" "$2") || return 0
  awk -F, -v u="$3" '{ printf "%.1f", $7 / u }' <<<"$line"
}
ceiling_rows() {  # name unit spec per_unit
  record "$1" "$2" ceil_f32 "$(ceiling f32 "$3" "$4")"
  record "$1" "$2" ceil_bf16 "$(ceiling bf16 "$3" "$4")"
}

# PyTorch's line "epoch,val_loss,seconds,tokens_per_s" for epoch 1: its rate.
torch_lm() {  # threads T N H text [torch_char_lm.py options...]
  "$py" "$here/torch_char_lm.py" --text "$5" --epochs 1 --hidden "$4" --layers 2 --seq-len "$2" --batch "$3" \
    --threads "$1" --max-steps "$lm_steps" --val-frac "$val_frac" "${@:6}" | awk -F, '$1 == "1" { print $4 }'
}

# lstmkit's steady training rate; empty when the precision is refused (no native bf16).
lstmkit_lm() {  # precision T N H text [train-lm options...]
  local out=$work/lm-$1-$4${6:+-word}
  "$lstmkit" train-lm --text "$5" --out "$out" --force --epochs 1 --hidden "$4" --layers 2 --seq-len "$2" \
    --batch "$3" --init torch --optimizer adam --optimizer-defaults torch --clip 5 --val-frac "$val_frac" \
    --precision "$1" --threads "$threads" --quiet "${@:6}" 2>"$work/stderr" || { grep -q 'native bf16' "$work/stderr" && return 0; cat "$work/stderr" >&2; return 1; }
  "$py" "$here/bench_table.py" steady "$out/log.csv" $(($2 * $3))
}

lm_row() {  # T N H
  local name="char-LM train 2×$3, T $1, N $2" slice=$work/text-$3.txt
  record "$name" "tok/s" flops "$(lm_flops 65 "$3" 2 65 3)"
  ceiling_rows "$name" "tok/s" "$1,$2,65,$3,2,train" 1
  # Enough text for lm_steps training windows, and for two validation windows in the part held out
  # (Shakespeare is ASCII: a byte a token).
  head -c "$(awk -v s="$lm_steps" -v tn=$(($1 * $2)) -v f="$val_frac" \
               'BEGIN { a = (s + 2) * tn / (1 - f); b = (2 / f + 1) * tn; printf "%d", (a > b ? a : b) }')" "$text" >"$slice"
  record "$name" "tok/s" torch1 "$(torch_lm 1 "$1" "$2" "$3" "$slice")"
  record "$name" "tok/s" torchdef "$(torch_lm "$cores" "$1" "$2" "$3" "$slice")"
  record "$name" "tok/s" f32 "$(lstmkit_lm f32 "$1" "$2" "$3" "$slice")"
  record "$name" "tok/s" bf16 "$(lstmkit_lm bf16 "$1" "$2" "$3" "$slice")"
}

# Word-level 2×256, T 100, N 64 with 256-wide embeddings and the 10,000 most frequent words (V 10,004
# for lstmkit: its four specials). A word is about 2.5 bytes of Shakespeare (spaces and punctuation are
# tokens), so 3 bytes per token needed leave room.
word_row() {
  local name="word-LM train 2×256, T 100, N 64, V 10k, embed 256" slice=$work/text-word.txt
  local -a opts=(--unit word --max-vocab 10000 --embed 256)
  head -c "$(awk -v s="$lm_steps" -v f="$val_frac" 'BEGIN { a = 3 * (s + 2) * 6400 / (1 - f); b = 3 * (2 / f + 1) * 6400
    printf "%d", (a > b ? a : b) }')" "$text" >"$slice"
  record "$name" "tok/s" flops "$(lm_flops 256 256 2 10004 3)"
  ceiling_rows "$name" "tok/s" "100,64,256,256,2,train" 1
  record "$name" "tok/s" torch1 "$(torch_lm 1 100 64 256 "$slice" "${opts[@]}")"
  record "$name" "tok/s" torchdef "$(torch_lm "$cores" 100 64 256 "$slice" "${opts[@]}")"
  record "$name" "tok/s" f32 "$(lstmkit_lm f32 100 64 256 "$slice" "${opts[@]}")"
  record "$name" "tok/s" bf16 "$(lstmkit_lm bf16 100 64 256 "$slice" "${opts[@]}")"
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
  record "$name" "char/s" flops "$(lm_flops 65 512 2 65 1)"
  ceiling_rows "$name" "char/s" "1,1,65,512,2,infer" 1
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
  record "$name" "windows/s" flops "$(awk 'BEGIN { printf "%.0f", 80 * 3 * 8 * 300 * (1 + 300) }')"
  ceiling_rows "$name" "windows/s" "80,256,1,300,1,train" 80
  for t in 1 "$cores"; do
    record "$name" "windows/s" "$([[ $t == 1 ]] && echo torch1 || echo torchdef)" \
      "$("$py" "$here/torch_ts.py" --length "$ts_length" --epochs 2 --rounds 1 --threads "$cores" \
           --torch-threads "$t" | awk '/^torch +best/ { print $3 }')"
  done
  record "$name" "windows/s" f32 "$(lstmkit_ts f32)"
  record "$name" "windows/s" bf16 "$(lstmkit_ts bf16)"
}

# Greedy translation at batch 64 of train-s2s's default model (Luong attention with input feeding,
# bidirectional 1×256 encoder, embeddings 256, characters) and of its PyTorch peer, on every 31st pair
# of Tatoeba. Both models are barely trained (lstmkit one pass over 640 pairs, the peer a few seconds),
# so both mostly decode to their length limit, 3·|source| + 10 tokens: the row times decoding, not a
# trained model's output lengths. lstmkit's rate is that of all the sources less the first 64, which
# cancels loading the model and building the primitives.
s2s_row() {
  local name="s2s greedy translation, batch 64" split=$work/split model=$work/s2s/model.safetensors short long
  mkdir -p "$split"
  awk -v n="$s2s_sources" 'NR % 31 == 0 && ++k <= n' "$data/tatoeba-fra-eng.tsv" >"$split/valid.tsv"
  awk 'NR % 31 == 1 && ++k <= 640' "$data/tatoeba-fra-eng.tsv" >"$split/train.tsv"
  awk -F'\t' '!seen[$1]++ { print $1 }' "$split/valid.tsv" >"$work/sources.txt"
  head -n 64 "$work/sources.txt" >"$work/sources-64.txt"
  local n=$(($(wc -l <"$work/sources.txt") - 64))
  for t in 1 "$cores"; do
    record "$name" "sent/s" "$([[ $t == 1 ]] && echo torch1 || echo torchdef)" \
      "$("$py" "$here/torch_s2s_attention.py" --split "$split" --out "$work" --minutes 0.05 --beam 0 --threads "$t" |
         sed -n 's/.* greedy_sent_per_s=\([0-9.]*\).*/\1/p')"
  done
  "$lstmkit" train-s2s --pairs "$split/train.tsv" --val-pairs "$split/valid.tsv" --epochs 1 --out "$work/s2s" --force \
    --threads "$threads" --quiet
  for precision in f32 bf16; do
    short=$(seconds_of "$lstmkit" translate --model "$model" --input "$work/sources-64.txt" --precision "$precision" --threads "$threads")
    [[ -n $short ]] || { record "$name" "sent/s" "$precision" ""; continue; }
    long=$(seconds_of "$lstmkit" translate --model "$model" --input "$work/sources.txt" --precision "$precision" --threads "$threads")
    record "$name" "sent/s" "$precision" "$(awk -v s="$short" -v l="$long" -v n="$n" 'BEGIN { if (l > s) printf "%.1f\n", n / (l - s) }')"
  done
}

build_tool rnn_ceiling
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
lm_row 50 50 128
lm_row 100 64 256
lm_row 100 64 512
model=$work/lm-f32-512/model.safetensors
isa=$("$lstmkit" sample --model "$model" --length 1 --seed 1 --precision auto 2>&1 >/dev/null | sed -n 's/.*oneDNN ISA \([a-z0-9_]*\).*/\1/p')
sample_row "$model"
ts_row
s2s_row
word_row
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "# lstmkit tools/bench/run.sh$( ((quick)) && echo ' --quick (a smoke run: few steps per row, rough figures)')"
echo "machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $cores cores;" \
     "CPU flags: $(grep -o 'amx_bf16\|avx512_bf16\|avx512f' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "oneDNN ISA: ${isa:-unknown}; lstmkit --threads $threads (0: all cores); PyTorch $("$py" -c 'import torch; print(torch.__version__)'), default threads $cores"
echo "load average (1, 5, 15 min) before: $load_before; after: $(cut -d' ' -f1-3 <<<"$load_after")"
echo
"$py" "$here/bench_table.py" table "$results"
