#!/usr/bin/env bash
# Which train-s2s settings learn fra-eng best in a fixed wall-clock? Each configuration trains on the same
# 9,000 / 1,000 split of the first 10,000 pairs (tools/bench/fra_eng_split.py) until BUDGET seconds have
# passed (then Ctrl-C: lstmkit saves and stops), and its best checkpoint is scored on the validation
# pairs, greedy and with a beam of 5. Needs a quiet machine.
#   tools/bench/s2s_configs.sh BUDGET_SECONDS [OUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
budget=${1:?usage: tools/bench/s2s_configs.sh BUDGET_SECONDS [OUT_DIR]}
out=${2:-$(mktemp -d)}
pairs=${LSTMKIT_SHARED_DATA:-$root/../shared/data}/fra-eng.tsv
lstmkit=${LSTMKIT:-$root/build/lstmkit}
/usr/bin/python3 "$here/fra_eng_split.py" "$pairs" "$out/data"

configs=(
  "keras:--hidden 256 --layers 1 --optimizer rmsprop --lr 1e-3 --clip 0 --reverse-source false"
  "adam:--hidden 256 --layers 1 --reverse-source false"
  "adam-reversed:--hidden 256 --layers 1 --reverse-source"
  "2x256-reversed:--hidden 256 --layers 2 --reverse-source"
  "2x256-reversed-dropout:--hidden 256 --layers 2 --reverse-source --dropout 0.2"
  "1x512-reversed:--hidden 512 --layers 1 --reverse-source"
)
printf '%-24s %6s %9s %7s %7s %7s %7s %7s\n' config epochs val_loss BLEU chrF beamBLEU beamchrF exact%
for c in "${configs[@]}"; do
  name=${c%%:*}
  read -ra options <<<"${c#*:}"
  run=$out/$name
  rc=0
  timeout -s INT "$budget" "$lstmkit" train-s2s --pairs "$out/data/train.tsv" --val-pairs "$out/data/val.tsv" \
    --out "$run" --force --epochs 1000 --quiet --attention none "${options[@]}" || rc=$?
  [ "$rc" -eq 124 ] || { echo "$name: train-s2s exited with $rc before the budget ran out" >&2; exit 1; }
  epochs=$(awk -F, 'NR > 1 && $5 != "" { e = $2 } END { print e + 0 }' "$run/log.csv")
  best=$(awk -F, 'NR > 1 && $5 != "" && (b == "" || $5 < b) { b = $5 } END { print b }' "$run/log.csv")
  greedy=$("$lstmkit" eval --model "$run/model.safetensors" --pairs "$out/data/val.tsv")
  beam=$("$lstmkit" eval --model "$run/model.safetensors" --pairs "$out/data/val.tsv" --beam 5)
  field() { awk -v k="$1" -v n="$2" '$1 == k { print $n }' <<<"$3" | tr -d '%'; }
  printf '%-24s %6s %9.4f %7s %7s %7s %7s %7s\n' "$name" "$epochs" "$best" "$(field BLEU 2 "$greedy")" \
    "$(field chrF 2 "$greedy")" "$(field BLEU 2 "$beam")" "$(field chrF 2 "$beam")" "$(field exact 3 "$beam")"
done
