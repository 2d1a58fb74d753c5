#!/usr/bin/env bash
# A model file is input like any other: `forecast` never opens the CSV path a model names (only what the
# user passes), checks the data's columns against the model's on every path, and a changed header byte
# is caught by header_crc32 — each an error line, never a crash, a quoted file or exit 0.
set -euo pipefail
source "$(dirname "$0")/lib/check.sh"

tiny=(--threads 1 --hidden 4 --epochs 1 --batch 8)

# A CSV model whose file is then replaced: forecast without --csv must not read it.
{ echo 'x,y'; for i in $(seq 1 60); do echo "$i,$((i * 2))"; done; } >"$work/data.csv"
run "train-ts on a CSV file" 0 -- train-ts --csv "$work/data.csv" --target y --features x --window 4 "${tiny[@]}" \
  --out "$work/csv"
echo 'SECRET-LINE' >"$work/data.csv"
if run "forecast without --csv is a usage error" 2 -- forecast --model "$work/csv/model.safetensors" --threads 1; then
  expect "the error asks for --csv" "$err" '^lstmkit: error: --csv: missing: the model was trained on a CSV file.*; pass --csv FILE'
  if grep -q SECRET <<<"$out$err"; then echo "FAIL the model's CSV path was opened: $err"; fail=1; else echo "ok   the model's CSV path is not opened"; fi
fi

# Sequence models given a dataset of other columns: one error naming both, before any math.
run "train-ts on adding" 0 -- train-ts --synthetic adding --length 10 --sequences 40 "${tiny[@]}" --out "$work/adding"
run "train-ts on cumsum" 0 -- train-ts --synthetic cumsum --length 10 --sequences 40 "${tiny[@]}" --out "$work/cumsum"
run "adding model on cumsum data" 1 -- forecast --model "$work/adding/model.safetensors" --synthetic cumsum --threads 1 &&
  expect "names both sets of columns" "$err" \
    '^lstmkit: error: data: the sequences have features \[x\] and targets \[sum\] \(every step\), the model reads \[value, mask\]'
run "cumsum model on adding data" 1 -- forecast --model "$work/cumsum/model.safetensors" --synthetic adding --threads 1 &&
  expect "names both sets of columns" "$err" 'the model reads \[x\] and predicts \[sum\] \(every step\)'

# One changed byte in the header (a config key) still parses, and is caught.
offset=$(grep -obUa 'val_frac' "$work/adding/model.safetensors" | head -1 | cut -d: -f1)
printf 'V' | dd of="$work/adding/model.safetensors" bs=1 seek="$offset" conv=notrunc status=none
run "a changed header byte" 1 -- forecast --model "$work/adding/model.safetensors" --threads 1 &&
  expect "header CRC error" "$err" 'the file is corrupt: its header has CRC-32 [0-9a-f]{8} but header_crc32 records'

exit $fail
