#!/usr/bin/env bash
# --precision: offered by every command that runs a model, unknown names refused, the stderr line
# naming the precision and oneDNN's ISA, bf16 refused without native bf16 (auto then f32), and where
# bf16 is native a tiny LM trained in bf16 whose `eval` on the same weights differs by < 0.5% between
# f32 and bf16 (bf16 keeps 8 significant bits; the loss averages thousands of them, so its error is far
# smaller; a broken bf16 path is off by far more).
set -euo pipefail
source "$(dirname "$0")/lib/check.sh"

for _ in $(seq 200); do printf 'the quick brown fox jumps over the lazy dog.\n'; done >"$work/fox.txt"
tiny=(--hidden 32 --layers 2 --batch 8 --seq-len 16 --threads 1 --epochs 1)

# loss_of PRECISION MODEL: eval's nats per character.
loss_of() {
  "$bin" eval --model "$2" --text "$work/fox.txt" --threads 1 --precision "$1" 2>/dev/null | awk '/^loss/ { print $2 }'
}

for command in train-lm train-s2s train-ts sample translate eval forecast; do
  if run "$command --help" 0 -- "$command" --help; then
    expect "$command offers --precision, default f32" "$(tr -s ' \n' '  ' <<<"$out")" "--precision ARG recurrent math: .*\(default: f32\)"
  fi
done

if run "an unknown precision is a usage error" 2 -- train-lm --text "$work/fox.txt" --out "$work/x" --precision fp16 "${tiny[@]}"; then
  expect "it names --precision and the choices" "$err" "^lstmkit: error: --precision: unknown precision 'fp16'; use auto, f32 or bf16"
fi

if run "train-lm in f32 (the default)" 0 -- train-lm --text "$work/fox.txt" --out "$work/f32" "${tiny[@]}"; then
  expect "it says precision and ISA" "$err" "precision f32 \(oneDNN ISA [a-z0-9_]+\)"
fi
if run "sample without --precision" 0 -- sample --model "$work/f32/model.safetensors" --length 5 --threads 1 --seed 1; then
  expect "keeps stderr quiet as before" "$(wc -c <"$work/err")" '^0$'
fi
# auto's choice, read from its line, decides whether the bf16 half below runs.
if run "eval --precision auto" 0 -- eval --model "$work/f32/model.safetensors" --text "$work/fox.txt" --precision auto --threads 1; then
  expect "eval says precision and ISA, one line" "$(grep -c 'precision .* (oneDNN ISA' "$work/err")" '^1$'
fi
auto_err=$err

# Without native bf16 (forced here by capping oneDNN's ISA): bf16 is refused before oneDNN can crash,
# and auto falls back to f32.
if ONEDNN_MAX_CPU_ISA=AVX512_CORE run "--precision bf16 without native bf16 is refused" 1 -- \
  sample --model "$work/f32/model.safetensors" --precision bf16; then
  expect "it says why and what to do" "$err" "needs a CPU with native bf16.*avx512_core.*use --precision f32 or auto"
fi
if ONEDNN_MAX_CPU_ISA=AVX512_CORE run "--precision auto without native bf16" 0 -- \
  sample --model "$work/f32/model.safetensors" --precision auto --length 5 --threads 1; then
  expect "it runs in f32" "$err" "precision f32 \(oneDNN ISA avx512_core\)"
fi

if ! grep -q "precision bf16" <<<"$auto_err"; then
  echo "skip bf16 training: auto chose f32 here ($(grep -o 'oneDNN ISA [a-z0-9_]*' <<<"$auto_err")): no native bf16"
  exit $fail
fi

if run "train-lm --precision bf16" 0 -- train-lm --text "$work/fox.txt" --out "$work/bf16" --precision bf16 "${tiny[@]}"; then
  expect "it says bf16" "$err" "precision bf16 \(oneDNN ISA [a-z0-9_]+\)"
  f32=$(loss_of f32 "$work/bf16/model.safetensors")
  bf16=$(loss_of bf16 "$work/bf16/model.safetensors")
  expect "eval in f32 ($f32) and bf16 ($bf16) differ by < 0.5%" \
    "$(awk -v a="$f32" -v b="$bf16" 'BEGIN { d = (a - b) / a; if (d < 0) d = -d; print (a > 0 && d < 0.005) ? "close" : "far" }')" '^close$'
fi
if run "sample --precision bf16" 0 -- sample --model "$work/bf16/model.safetensors" --precision bf16 --length 20 --threads 1; then
  expect "it says bf16" "$err" "precision bf16"
fi
exit $fail
