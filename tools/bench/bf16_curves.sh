#!/usr/bin/env bash
# Issue 12's accuracy check of bf16: the same char-LM trained in f32 and in bf16 with several seeds,
# validation loss per epoch as mean [min, max] over the seeds for each precision, and whether bf16's mean
# lies within f32's seed-to-seed range; then `lstmkit eval` of each f32 model in both precisions (the
# same weights), whose relative difference should stay under 0.5%. Needs a CPU with native bf16.
#   tools/bench/bf16_curves.sh [TEXT]
# EPOCHS (5), SEEDS ("1 2 3"), HIDDEN (512), LAYERS (2), THREADS (0: all cores); the issue's run is the
# default, tiny Shakespeare (last 10% held out), T 100, N 64, Adam 2e-3, clip 5. About 50 minutes on 2 cores:
# a smoke run is e.g. EPOCHS=1 SEEDS="1 2" HIDDEN=64 with a short TEXT.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
text=${1:-${LSTMKIT_SHARED_DATA:-$root/../shared/data}/tinyshakespeare.txt}
lstmkit=${LSTMKIT:-$root/build/lstmkit}
epochs=${EPOCHS:-5}
seeds=${SEEDS:-1 2 3}
hidden=${HIDDEN:-512}
layers=${LAYERS:-2}
threads=${THREADS:-0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "# ${layers}x$hidden LSTM, $epochs epochs, seeds $seeds, $(basename "$text"); load average $(cut -d' ' -f1 /proc/loadavg)"
: >"$work/curves.csv"
for precision in f32 bf16; do
  for seed in $seeds; do
    out=$work/$precision-$seed
    "$lstmkit" train-lm --text "$text" --out "$out" --epochs "$epochs" --hidden "$hidden" --layers "$layers" \
      --seq-len 100 --batch 64 --lr 2e-3 --clip 5 --val-frac 0.1 --seed "$seed" --threads "$threads" \
      --precision "$precision" --quiet
    # log.csv's rows with a validation loss (column 5): the last one of each epoch.
    awk -F, -v p="$precision" -v s="$seed" 'NR > 1 && $5 != "" { v[$2] = $5 }
      END { for (e in v) print p "," s "," e "," v[e] }' "$out/log.csv" >>"$work/curves.csv"
    echo "trained $precision seed $seed" >&2
  done
done

echo "| epoch | f32 mean [min, max] | bf16 mean [min, max] | bf16 mean within f32's range |"
echo "|---:|---|---|---|"
sort -t, -k3,3n "$work/curves.csv" | awk -F, '
  { n[$1, $3]++; s[$1, $3] += $4
    if (!(($1, $3) in lo) || $4 < lo[$1, $3]) lo[$1, $3] = $4
    if (!(($1, $3) in hi) || $4 > hi[$1, $3]) hi[$1, $3] = $4
    if ($3 > last) last = $3 }
  END {
    for (e = 1; e <= last; ++e) {
      f = s["f32", e] / n["f32", e]; b = s["bf16", e] / n["bf16", e]
      inside = b >= lo["f32", e] && b <= hi["f32", e] ? "yes" : "no"
      printf "| %d | %.4f [%.4f, %.4f] | %.4f [%.4f, %.4f] | %s |\n", e, f, lo["f32", e], hi["f32", e],
             b, lo["bf16", e], hi["bf16", e], inside
    }
  }'

# The held-out part as eval reads it: the last 10% of the characters (eval reads one sequence).
total=$(wc -c <"$text")
tail -c $((total / 10)) "$text" >"$work/held-out.txt"
echo
echo "| seed | eval f32 (nats/char) | eval bf16, same weights | relative difference |"
echo "|---:|---:|---:|---:|"
for seed in $seeds; do
  model=$work/f32-$seed/model.safetensors
  f=$("$lstmkit" eval --model "$model" --text "$work/held-out.txt" --precision f32 --json --threads "$threads" 2>/dev/null |
      /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["loss"])')
  b=$("$lstmkit" eval --model "$model" --text "$work/held-out.txt" --precision bf16 --json --threads "$threads" 2>/dev/null |
      /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["loss"])')
  awk -v s="$seed" -v f="$f" -v b="$b" 'BEGIN { d = (b - f) / f; printf "| %s | %.4f | %.4f | %.3f%% |\n", s, f, b, 100 * (d < 0 ? -d : d) }'
done
