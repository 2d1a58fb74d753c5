#!/usr/bin/env bash
# lstmkit's translator against its PyTorch peer (tools/bench/torch_s2s_attention.py) on the same Tatoeba
# split, each trained for the same wall-clock budget, both scored by `lstmkit eval` (multi-reference
# BLEU and chrF, exact match), with training and translation speed. Prints one table.
#   tools/bench/s2s_attention_bench.sh [MINUTES] [VAL_SOURCES]     (default 60 minutes, 2,000 sources)
# lstmkit runs with its defaults plus LSTMKIT_ARGS (e.g. "--embed 256 --bidirectional"); the peer with
# TORCH_ARGS. lstmkit is stopped by SIGINT at the budget (it saves and exits 130) and its best checkpoint
# (by validation chrF, validated every EVAL_EVERY steps (default 500) and at epoch ends) is scored, or
# its last one when the budget ended before the first validation; the peer keeps its best epoch by
# validation loss (or its last state). THREADS (default 1)
# for both: on a shared 2-core machine spinning OpenMP teams slow each other down.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
minutes=${1:-60}
val_sources=${2:-2000}
pairs=${LSTMKIT_SHARED_DATA:-$root/../shared/data}/tatoeba-fra-eng.tsv
lstmkit=${LSTMKIT:-$root/build/lstmkit}
threads=${THREADS:-0}
torch_threads=${TORCH_THREADS:-1}
work=${WORK:-$(mktemp -d)}
echo "work directory: $work" >&2

# One split for both programs, by source sentence, reproducible with --seed.
timeout --preserve-status -s INT "${minutes}m" "$lstmkit" train-s2s --pairs "$pairs" --val-sources "$val_sources" \
  --seed 1 --write-split "$work/split" --out "$work/lstmkit" --epochs 1000 --valid-metrics bleu,chrf --best-by chrf \
  --eval-every "${EVAL_EVERY:-500}" --threads "$threads" --quiet ${UNITS:-} ${LSTMKIT_ARGS:-} || [ $? -eq 130 ]
awk -F'\t' '!seen[$1]++ { print $1 }' "$work/split/valid.tsv" >"$work/sources.txt"
sources=$(wc -l <"$work/sources.txt")

/usr/bin/python3 "$here/torch_s2s_attention.py" --split "$work/split" --out "$work" --minutes "$minutes" \
  --threads "$torch_threads" ${UNITS:-} ${TORCH_ARGS:-} | tee "$work/torch.txt" >&2

# field JSON KEY...: a number from `lstmkit eval --json`.
field() { /usr/bin/python3 -c 'import json, sys; j = json.loads(sys.argv[1])
for k in sys.argv[2:]: j = j[k]
print(j)' "$@"; }
row() {  # NAME JSON TOKENS_PER_S GREEDY_SENT_PER_S BEAM_SENT_PER_S
  printf '| %s | %.2f | %.1f | %.1f%% | %s | %s | %s |\n' "$1" "$(field "$2" bleu score)" "$(field "$2" chrf)" \
    "$(/usr/bin/python3 -c 'import json, sys; e = json.loads(sys.argv[1])["exact_match"]; print(100 * e["count"] / e["of"])' "$2")" \
    "$3" "$4" "$5"
}
# seconds to translate the validation sources (batch 64), as sentences per second
rate() { local s e; s=$(date +%s.%N); "$lstmkit" translate --model "$model" --input "$work/sources.txt" \
  --batch 64 --threads "$threads" "$@" >/dev/null; e=$(date +%s.%N); awk -v n="$sources" -v a="$s" -v b="$e" 'BEGIN { printf "%.1f", n / (b - a) }'; }

model=$work/lstmkit/model.safetensors
[ -f "$model" ] || model=$work/lstmkit/last.safetensors
lk_greedy=$("$lstmkit" eval --model "$model" --pairs "$work/split/valid.tsv" --threads "$threads" --json)
lk_beam=$("$lstmkit" eval --model "$model" --pairs "$work/split/valid.tsv" --beam 5 --threads "$threads" --json)
lk_tok=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "tokens_per_s") c = i; next }
  $c != "" { s += $c; n++ } END { printf "%.0f", n ? s / n : 0 }' "$work/lstmkit/log.csv")
lk_g=$(rate); lk_b=$(rate --beam 5)
pt_greedy=$("$lstmkit" eval --hypotheses "$work/hyp.greedy.txt" --pairs "$work/split/valid.tsv" --json)
pt_beam=$("$lstmkit" eval --hypotheses "$work/hyp.beam.txt" --pairs "$work/split/valid.tsv" --json)
peer=$(grep '^peer ' "$work/torch.txt")
pt() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$peer"; }

echo "$minutes minutes each, $sources validation sources ($(wc -l <"$work/split/valid.tsv") references)," \
  "lstmkit --threads $threads, PyTorch set_num_threads($torch_threads), units: ${UNITS:-char}"
echo "| program, decoding | BLEU | chrF | exact | train tok/s | sent/s greedy | sent/s beam 5 |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
row "lstmkit, greedy" "$lk_greedy" "$lk_tok" "$lk_g" "$lk_b"
row "lstmkit, beam 5" "$lk_beam" "$lk_tok" "$lk_g" "$lk_b"
row "PyTorch peer, greedy" "$pt_greedy" "$(pt train_tok_per_s)" "$(pt greedy_sent_per_s)" "$(pt beam_sent_per_s)"
row "PyTorch peer, beam 5" "$pt_beam" "$(pt train_tok_per_s)" "$(pt greedy_sent_per_s)" "$(pt beam_sent_per_s)"
