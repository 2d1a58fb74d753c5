#!/usr/bin/env bash
# lstmkit vs PyTorch 1.13 on Keras' lstm_seq2seq job, measured in one run on this machine: the first
# 10,000 pairs of fra-eng, characters, one random 9,000 / 1,000 split given to both as files, 1×H LSTM
# encoder and decoder, RMSprop 1e-3 (PyTorch's defaults), batch 64, PyTorch's initialisation for both.
# Prints each side's validation loss per target character after every epoch and the time ratio.
# PyTorch's seconds are its training loop alone; lstmkit's are the whole command (reading, validation
# and checkpoints included), so the ratio is conservative. Needs a quiet machine.
#   tools/bench/s2s_bench.sh [EPOCHS] [HIDDEN]    (THREADS=n pins both to n threads; TORCH_THREADS=n PyTorch alone)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
epochs=${1:-6}
hidden=${2:-256}
pairs=${LSTMKIT_SHARED_DATA:-$root/../shared/data}/fra-eng.tsv
lstmkit=${LSTMKIT:-$root/build/lstmkit}
threads=${THREADS:-$(nproc)}
torch_threads=${TORCH_THREADS:-$threads}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 "$here/fra_eng_split.py" "$pairs" "$work"

echo "== PyTorch ($epochs epochs, 1x$hidden LSTM encoder and decoder, $torch_threads threads)"
/usr/bin/python3 "$here/torch_s2s.py" --pairs "$work/train.tsv" --limit 0 --val-pairs "$work/val.tsv" \
  --epochs "$epochs" --hidden "$hidden" --threads "$torch_threads" | tee "$work/torch.txt"

echo "== lstmkit ($threads threads)"
start=$(date +%s.%N)
"$lstmkit" train-s2s --pairs "$work/train.tsv" --val-pairs "$work/val.tsv" --out "$work/run" --epochs "$epochs" \
  --hidden "$hidden" --layers 1 --init torch --optimizer rmsprop --optimizer-defaults torch --lr 1e-3 --clip 0 \
  --batch 64 --reverse-source false --attention none --threads "$threads" --quiet
end=$(date +%s.%N)
awk -F, 'NR > 1 && $5 != "" { printf "epoch %d  val %.4f\n", $2, $5 }' "$work/run/log.csv"

torch_s=$(awk '/^epoch/ { s += $5 } END { print s }' "$work/torch.txt")
awk -v a="$start" -v b="$end" -v t="$torch_s" -v e="$epochs" 'BEGIN {
  printf "seconds per epoch: lstmkit %.1f (whole command), PyTorch %.1f (training loop); lstmkit takes %.2f of PyTorch'"'"'s time\n",
         (b - a) / e, t / e, (b - a) / t }'
