#!/usr/bin/env bash
# lstmkit vs PyTorch 1.13 on the same char-LM job, measured in one run on this machine:
# tiny Shakespeare, last 10% held out, one-hot input, L×H LSTM, T 100, N 64, Adam 2e-3, clip 5, PyTorch's
# initialisation and optimiser defaults for both. Prints validation loss and seconds per epoch for each,
# and the speed ratio. Needs a quiet machine: other processes on the 2 cores distort OpenMP timings.
#   tools/bench/lm_bench.sh [EPOCHS] [HIDDEN] [LAYERS] [TEXT]
# THREADS=n pins both to n threads (default: all cores); TORCH_THREADS=n sets PyTorch's alone. PyTorch's
# BLAS (OpenBLAS, pthreads) keeps its own threads whatever torch.set_num_threads says, so on 2 cores
# PyTorch is fastest with TORCH_THREADS=1 (it still uses both cores) and 4× slower at its default of 2.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
epochs=${1:-1}
hidden=${2:-256}
layers=${3:-2}
text=${4:-${LSTMKIT_SHARED_DATA:-$root/../shared/data}/tinyshakespeare.txt}
lstmkit=${LSTMKIT:-$root/build/lstmkit}
threads=${THREADS:-$(nproc)}
torch_threads=${TORCH_THREADS:-$threads}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== PyTorch ($epochs epochs, ${layers}x$hidden LSTM, $torch_threads threads)"
/usr/bin/python3 "$here/torch_char_lm.py" --text "$text" --epochs "$epochs" --hidden "$hidden" \
  --layers "$layers" --threads "$torch_threads" | tee "$work/torch.csv"

echo "== lstmkit ($threads threads)"
start=$(date +%s.%N)
"$lstmkit" train-lm --text "$text" --out "$work/run" --epochs "$epochs" --hidden "$hidden" --layers "$layers" \
  --init torch --optimizer adam --optimizer-defaults torch --lr 2e-3 --clip 5 --batch 64 --seq-len 100 \
  --val-frac 0.1 --threads "$threads" --quiet
end=$(date +%s.%N)
# Per epoch: the rate of its last step, the row that also holds its validation loss.
awk -F, 'NR > 1 && $5 != "" { rate[$2] = $7; val[$2] = $5 }
         END { print "epoch,val_loss,tokens_per_s"; for (e = 1; e in val; ++e) printf "%d,%.4f,%.0f\n", e, val[e], rate[e] }' \
  "$work/run/log.csv" | tee "$work/lstmkit.csv"
awk -v a="$start" -v b="$end" 'BEGIN { printf "lstmkit wall time: %.1f s\n", b - a }'

torch_rate=$(awk -F, '/^[0-9]/ { s += $4; n++ } END { print s / n }' "$work/torch.csv")
ours_rate=$(awk -F, 'NR > 1 { s += $3; n++ } END { print s / n }' "$work/lstmkit.csv")
awk -v o="$ours_rate" -v t="$torch_rate" \
  'BEGIN { printf "training speed: lstmkit %.0f tok/s, PyTorch %.0f tok/s, ratio %.2fx\n", o, t, o / t }'
