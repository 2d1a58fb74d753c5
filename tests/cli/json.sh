#!/usr/bin/env bash
# --json for scripts: eval (language and sequence-to-sequence models) and summary print one JSON object
# on stdout, with the numbers the tables show.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"

# json NAME EXPR: $out is one JSON object and the Python expression EXPR over it (as j) is true.
json() {
  local verdict
  verdict=$(python3 -c '
import json, sys
text = sys.stdin.read()
j = json.loads(text)
assert isinstance(j, dict) and text.count("\n") == 1, "not one object on one line"
print("ok" if eval(sys.argv[1]) else "false: " + text)' "$2" <<<"$out" 2>&1)
  expect "$1" "$verdict" '^ok$'
}

run "summary --json" 0 -- summary --cell lstm --input 1 --hidden 40 --head 1 --return-sequences --json &&
  json "summary --json: Keras' counts" 'j["keras_params"] == 6761 and [l["keras_params"] for l in j["layers"]] == [6720, 41] and j["layers"][0]["type"] == "LSTM(40)" and j["torch_params"] == 6921'

for _ in $(seq 200); do printf 'the quick brown fox jumps over the lazy dog.\n'; done >"$work/fox.txt"
run "train a tiny LM" 0 -- train-lm --text "$work/fox.txt" --out "$work/lm" --hidden 16 --layers 1 --batch 8 \
  --seq-len 16 --threads 1 --epochs 1 --quiet || exit 1
run "summary --model --json" 0 -- summary --model "$work/lm/model.safetensors" --json &&
  json "summary of a checkpoint" 'j["layers"][0]["name"] == "rnn.l0" and j["keras_params"] == sum(l["keras_params"] for l in j["layers"])'
run "eval" 0 -- eval --model "$work/lm/model.safetensors" --text "$work/fox.txt" --threads 1 && table=$out
run "eval --json" 0 -- eval --model "$work/lm/model.safetensors" --text "$work/fox.txt" --threads 1 --json && {
  loss=$(awk '/^loss/ { print $2 }' <<<"$table")
  json "eval --json: the table's numbers" "j['unit'] == 'char' and j['tokens'] == 9000 and abs(j['loss'] - $loss) < 1e-4 and abs(j['bits'] - j['loss'] / 0.6931471805599453) < 1e-9 and j['perplexity'] > 1"
}

for _ in $(seq 40); do printf 'go on\tvas-y\nhello there\tsalut\n'; done >"$work/pairs.tsv"
run "train a tiny s2s" 0 -- train-s2s --pairs "$work/pairs.tsv" --hidden 8 --batch 8 --epochs 1 --threads 1 --quiet \
  --out "$work/s2s" &&
  run "eval --json (s2s)" 0 -- eval --model "$work/s2s/model.safetensors" --pairs "$work/pairs.tsv" --threads 1 --json &&
  json "eval --json: pairs, loss, BLEU, chrF, exact match over the 2 distinct sources" 'j["pairs"] == 80 and j["unit"] == "char" and j["loss"] > 0 and 0 <= j["bleu"]["score"] <= 100 and len(j["bleu"]["precisions"]) == 4 and 0 <= j["chrf"] <= 100 and j["exact_match"]["of"] == 2 and j["sources"] == 2 and j["references"] == 80 and j["decoding"]["beam"] == 1'
exit $fail
