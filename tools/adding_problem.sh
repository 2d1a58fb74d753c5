#!/usr/bin/env bash
# The adding problem (Hochreiter & Schmidhuber 1997): 250 steps of [value ~ U(0,1), mask], the mask
# marking one value in each half; the target is the sum of the two marked values. Predicting the mean
# sum scores MSE 1/6 ≈ 0.167. An LSTM learns to carry the marked values across ~125 steps; a tanh RNN of
# the same size, trained the same way, stays near the mean (seeds 002/003's LSTM-vs-RNN contrast).
#
# usage: tools/adding_problem.sh [LSTMKIT] [OUT]
#   LSTMKIT  the lstmkit binary (default build/lstmkit)
#   OUT      run directory (default runs/adding): OUT/lstm, OUT/rnn, OUT/adding.png, OUT/adding.csv
# Settings from the environment: LENGTH (250), SEQUENCES (10000), HIDDEN (64), BATCH (50), EPOCHS (50),
# LR (2e-3), OPTIMIZER (adam), EVAL_EVERY (40 steps), THREADS (1), SEED (1). An LSTM sits on the mean for
# thousands of steps before it finds the markers (measured: ~5,400 steps with these settings, ~8,000 with
# lr 1e-3, none within 3,200 steps of RMSprop lr 1e-3), so the defaults are Adam at 2e-3 for 50 epochs.
set -euo pipefail
bin=${1:-build/lstmkit}
out=${2:-runs/adding}
LENGTH=${LENGTH:-250} SEQUENCES=${SEQUENCES:-10000} HIDDEN=${HIDDEN:-64} BATCH=${BATCH:-50}
EPOCHS=${EPOCHS:-50} LR=${LR:-2e-3} OPTIMIZER=${OPTIMIZER:-adam} EVAL_EVERY=${EVAL_EVERY:-40}
THREADS=${THREADS:-1} SEED=${SEED:-1}
mkdir -p "$out"
summary="$out/adding.csv"
echo "cell,best_val_mse,last_val_mse,steps,seconds" >"$summary"

for cell in lstm rnn; do
  echo "== $cell: T $LENGTH, $SEQUENCES sequences, H $HIDDEN, batch $BATCH, $EPOCHS epochs, $OPTIMIZER lr $LR (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  start=$(date +%s.%N)
  "$bin" train-ts --synthetic adding --length "$LENGTH" --sequences "$SEQUENCES" --seed "$SEED" \
    --cell "$cell" --hidden "$HIDDEN" --batch "$BATCH" --epochs "$EPOCHS" --optimizer "$OPTIMIZER" --lr "$LR" \
    --lr-schedule constant --eval-every "$EVAL_EVERY" --threads "$THREADS" --force --out "$out/$cell"
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  # step,val_loss of the rows that have a validation loss
  awk -F, 'NR > 1 && $5 != "" { print $1 "," $5 }' "$out/$cell/log.csv" >"$out/$cell/val.csv"
  awk -F, -v cell="$cell" -v s="$seconds" '
    { if (best == "" || $2 < best) best = $2; last = $2; steps = $1 }
    END { printf "%s,%s,%s,%s,%.0f\n", cell, best, last, steps, s }' "$out/$cell/val.csv" >>"$summary"
done

column -s, -t "$summary"
if command -v gnuplot >/dev/null; then
  gnuplot <<EOF
set terminal pngcairo size 900,500
set output '$out/adding.png'
set datafile separator ','
set title 'Adding problem, T = $LENGTH: validation MSE (H $HIDDEN, batch $BATCH, $OPTIMIZER lr $LR)'
set xlabel 'step'
set ylabel 'validation MSE'
set logscale y
set grid
set key top right
plot '$out/lstm/val.csv' using 1:2 with lines lw 2 lc rgb '#0072B2' title 'LSTM', \
     '$out/rnn/val.csv' using 1:2 with lines lw 2 lc rgb '#D55E00' title 'tanh RNN', \
     1.0/6 with lines dt 2 lc rgb '#000000' title 'predicting the mean (1/6)'
EOF
  echo "plot: $out/adding.png" >&2
else
  echo "gnuplot not found: no plot" >&2
fi
