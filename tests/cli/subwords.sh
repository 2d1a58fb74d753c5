#!/usr/bin/env bash
# train-s2s with SentencePiece units (--unit bpe|unigram --vocab-size) and the split by source sentence
# (--val-sources, --write-split): a tiny model trains, its checkpoint carries the subword models,
# translate and eval detokenise, the same seed gives the same pieces, and --resume splits as before.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"
export OMP_NUM_THREADS=1

# 12 English sources, most with several French translations, 4 times over (48 lines per copy).
pairs=$work/pairs.tsv
for copy in 1 2 3 4; do
  printf '%s\n' $'Go.\tVa !' $'Go.\tMarche.' $'Go.\tBouge !' $'Hi.\tSalut !' $'Hi.\tSalut.' \
    $'I won.\tJ\'ai gagné.' $'I won.\tJe l\'ai emporté.' $'Help!\tÀ l\'aide !' $'Stop!\tArrête !' \
    $'Stop!\tArrête-toi !' $'Wait!\tAttends !' $'Wait!\tAttendez !' $'Hello!\tBonjour !' $'Hello!\tSalut !' \
    $'Thanks.\tMerci.' $'We won.\tNous gagnâmes.' $'We won.\tNous avons gagné.' $'Be nice.\tSois gentil.' \
    $'Be nice.\tSoyez gentils.' $'Go away.\tVa-t\'en.' $'Go away.\tPars !' $'I see.\tJe comprends.'
done >"$pairs"
common=(--pairs "$pairs" --unit bpe --vocab-size 60 --hidden 16 --batch 8 --epochs 1 --val-sources 3)

run "train-s2s --unit bpe --vocab-size 60" 0 -- train-s2s "${common[@]}" --seed 3 --out "$work/run" --write-split "$work/split"
expect "the subword models are learnt from the training pairs" "$err" 'learning bpe units \(60 pieces per side\) from [0-9]+ training pairs'
expect "the vocabularies are the subword models'" "$err" 'vocabulary 60 source, [0-9]+ target'

# The split: every translation of a source on one side, 3 sources held out, nothing lost.
cut -f1 "$work/split/train.tsv" | sort -u >"$work/train.src"
cut -f1 "$work/split/valid.tsv" | sort -u >"$work/valid.src"
expect "no source on both sides" "$(comm -12 "$work/train.src" "$work/valid.src" | wc -l)" '^0$'
expect "3 sources held out" "$(wc -l <"$work/valid.src")" '^3$'
expect "every pair on one side" "$(cat "$work/split/train.tsv" "$work/split/valid.tsv" | wc -l)" "^$(wc -l <"$pairs")\$"
expect "the split as reported" "$err" "train-s2s: $(wc -l <"$work/split/train.tsv") training pairs, $(wc -l <"$work/split/valid.tsv") validation pairs"

# The same seed learns the same pieces; the checkpoint carries them (one file stays one file).
run "the same run again" 0 -- train-s2s "${common[@]}" --seed 3 --out "$work/again"
vocabs() {
  python3 - "$1" <<'PY'
import hashlib, json, struct, sys
raw = open(sys.argv[1], "rb").read()
meta = json.loads(raw[8:8 + struct.unpack("<Q", raw[:8])[0]])["__metadata__"]
for side in ("source_vocab", "target_vocab"):
    v = json.loads(meta[side])
    print(side, v["unit"], len(v["tokens"]), len(v["sentencepiece"]), hashlib.sha256(meta[side].encode()).hexdigest())
PY
}
first=$(vocabs "$work/run/model.safetensors")
expect "the checkpoint holds both SentencePiece models" "$first" '^source_vocab bpe 60 [1-9][0-9]+'
[ "$(vocabs "$work/again/model.safetensors")" = "$first" ] && echo "ok   the same seed gives the same pieces" ||
  { echo "FAIL the same seed gives other pieces"; fail=1; }

printf 'Go.\nHello!\nI won.\n' >"$work/in.txt"
input=$work/in.txt
if run "translate with a bpe model" 0 -- translate --model "$work/run/model.safetensors"; then
  expect "one line out per line in" "$(wc -l <"$work/out")" '^3$'
  expect "detokenised: no SentencePiece space marks" "$(grep -c '▁' "$work/out")" '^0$'
fi
unset input
if run "eval --pairs on the written validation split" 0 -- eval --model "$work/run/model.safetensors" \
  --pairs "$work/split/valid.tsv" --beam 2; then
  expect "eval reports BLEU and chrF" "$out" 'BLEU +[0-9.]+'
  expect "eval counts target pieces" "$out" 'targets +[0-9,]+ tokens'
fi

# --resume splits the same way: the split written again must be the same bytes (else it is refused).
cp "$work/split/valid.tsv" "$work/valid.before"
run "--resume writes the identical split" 0 -- train-s2s --pairs "$pairs" --out "$work/run" --resume --epochs 2
cmp -s "$work/valid.before" "$work/split/valid.tsv" && echo "ok   split unchanged by --resume" ||
  { echo "FAIL split changed by --resume"; fail=1; }
run "another seed is another split, refused over the written one" 1 -- train-s2s "${common[@]}" --seed 4 \
  --out "$work/other" --write-split "$work/split"
expect "the refusal names the file and says what to do" "$err" '(train|valid)\.tsv: exists and holds other pairs.*remove it'

run "train-s2s --unit unigram" 0 -- train-s2s --pairs "$pairs" --unit unigram --vocab-size 60 --hidden 16 --batch 8 \
  --epochs 1 --out "$work/uni"
expect "unigram units are learnt" "$err" 'learning unigram units'

# vocab shows a text in subword units: the pieces SentencePiece learns from its lines.
cut -f2 "$pairs" >"$work/french.txt"
if run "vocab --unit bpe" 0 -- vocab --text "$work/french.txt" --unit bpe --vocab-size 60 --top 3; then
  expect "vocab reports the pieces" "$out" 'vocabulary +60 ids = 56 pieces \+ 4 specials.*SentencePiece'
  expect "vocab lists pieces with their space marks" "$out" '▁'
fi
exit $fail
