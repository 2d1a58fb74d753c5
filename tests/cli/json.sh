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

run "vocab --json" 0 -- vocab --text "$work/fox.txt" --top 2 --json &&
  json "vocab --json: counts, vocabulary, coverage and the top tokens as they are" 'j["text"] == "'"$work/fox.txt"'" and j["unit"] == "char" and j["tokens"] == 9000 and j["distinct"] == 29 and j["vocabulary"] == 33 and j["specials"] == 4 and j["coverage"] == 1 and j["replaced"] == 0 and [t["token"] for t in j["top"]] == [" ", "o"] and j["top"][0]["count"] == 1600'
input=$work/fox.txt run "vocab --json from stdin" 0 -- vocab --text - --unit word --max-vocab 3 --top 0 --json &&
  json "vocab --json: stdin, a cut vocabulary" 'j["text"] == "stdin" and j["unit"] == "word" and j["vocabulary"] == 7 and j["coverage"] < 1 and j["top"] == []'

run "train a tiny series model" 0 -- train-ts --synthetic sine --length 200 --window 10 --hidden 4 --epochs 1 --threads 1 \
  --quiet --out "$work/ts" &&
  run "forecast --json" 0 -- forecast --model "$work/ts/model.safetensors" --steps 5 --season 80 --threads 1 --json &&
  json "forecast --json: each error row of the table, the closed loop" 'j["kind"] == "series" and j["targets"] == ["value"] and {(e["part"], e["predictor"]) for e in j["errors"]} >= {("validation", "model"), ("validation", "persistence"), ("validation", "seasonal naive (80)")} and all(e["count"] > 0 and abs(e["mse"] - e["rmse"] ** 2) < 1e-9 for e in j["errors"]) and len(j["closed_loop"]["rows"]) == 5 and j["closed_loop"]["rows"][0] == 200 and len(j["closed_loop"]["values"][0]) == 1' &&
  expect_file "forecast --json still writes forecast.csv" "$work/ts/forecast.csv"
run "forecast --out - is refused, not a directory named -" 2 -- forecast --model "$work/ts/model.safetensors" --out - --json &&
  expect "forecast --out - says why" "$err" "^lstmkit: error: --out: '-' \\(stdout\\) cannot be used here" &&
  expect "no directory named -" "$([ -e - ] && echo exists || echo none)" '^none$'
exit $fail
