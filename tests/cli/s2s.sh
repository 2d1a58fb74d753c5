#!/usr/bin/env bash
# train-s2s, translate and eval on a toy task (reverse strings of a, b, c), their error contract, and the
# batching contract: a sentence translates the same alone and among longer ones, output in input order.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"
# One thread: on a busy 2-core machine OpenMP's spinning threads make these tiny models slower, not faster.
export OMP_NUM_THREADS=1

# Every string of 1 to 4 letters over {a, b, c} and its reverse, 30 times over: one epoch is enough.
awk 'BEGIN { split("a b c", l, " ");
  for (copy = 0; copy < 30; copy++) for (n = 1; n <= 4; n++) for (code = 0; code < 3 ^ n; code++) {
    s = ""; r = ""; c = code;
    for (i = 0; i < n; i++) { ch = l[c % 3 + 1]; s = s ch; r = ch r; c = int(c / 3) }
    print s "\t" r } }' >"$work/rev.tsv"
head -n 120 "$work/rev.tsv" >"$work/dev.tsv"
model=$work/run/model.safetensors

run "train-s2s learns the toy task" 0 -- train-s2s --pairs "$work/rev.tsv" --out "$work/run" --hidden 64 \
  --batch 16 --epochs 1 --lr 1e-2 --seed 1 --verbose --attention none
expect "train-s2s reports the random split" "$err" 'train-s2s: 3,240 training pairs, 360 validation pairs; vocabulary 7 source, 7 target'
expect "train-s2s --verbose reports the primitive shapes it built" "$err" 'oneDNN primitive shapes built: [0-9]+'
expect "the source is read backwards by default" "$err" 'lstm 1x64 \(source reversed\)'
expect_file "model written" "$model"

# translate: stdin, in order, one line each; an empty line is a sentence too.
input=$work/in.txt
printf 'abc\ncab\n\nbbca' >"$input"
if run "translate from stdin" 0 -- translate --model "$model"; then
  expect "four lines out for four in" "$(wc -l <"$work/out")" '^4$'
  expect "reversed in order" "$(head -n 2 "$work/out" | tr '\n' ' ')" '^cba bac $'
  expect "no warning without unknown tokens" "$err" '^$'
fi
unset input

# A person typing: each line is answered while the input is still open, and --n-best numbers lines across
# the whole input.
mkfifo "$work/typed"
"$bin" translate --model "$model" --beam 2 --n-best 1 <"$work/typed" >"$work/typed.out" 2>"$work/typed.err" &
translator=$!
exec 3>"$work/typed"
# answer_lines N: waits up to 10 s for N lines of output, then prints what there is.
answer_lines() {
  for _ in $(seq 100); do [ "$(wc -l <"$work/typed.out")" -ge "$1" ] && break; sleep 0.1; done
  cat "$work/typed.out"
}
printf 'abc\n' >&3
expect "a typed line is answered at once" "$(answer_lines 1)" $'^1\t-?[0-9.]+\tcba$'
printf 'cab\n' >&3
expect "the next typed line is line 2" "$(answer_lines 2 | tail -n 1)" $'^2\t-?[0-9.]+\tbac$'
exec 3>&-
wait "$translator" || { echo "FAIL typed translate exited with $?: $(cat "$work/typed.err")"; fail=1; }
printf 'abc\nabcabcabcabc\nccccbbbbaaaa\nbca\nabc' >"$work/mixed.txt"
printf 'abc' >"$work/alone.txt"
if run "translate --input, lines of several lengths" 0 -- translate --model "$model" --input "$work/mixed.txt" --batch 2; then
  mixed_first=$(head -n 1 "$work/out"); mixed_last=$(tail -n 1 "$work/out")
  run "translate one sentence alone" 0 -- translate --model "$model" --input "$work/alone.txt"
  expect "a sentence translates the same alone and among longer ones" "$mixed_first|$mixed_last" "^$out\|$out\$"
fi
printf 'abxc\nxyz\n' >"$work/unk.txt"
if run "unknown source tokens are read as <unk>" 0 -- translate --model "$model" --input "$work/unk.txt"; then
  expect "reported once, with the count and examples" "$err" "^lstmkit: warning: 4 input tokens are not in the model's source vocabulary and were read as <unk> \(e\.g\. 'x', 'y', 'z'\)$"
fi
if run "translate --beam 3 --n-best 2" 0 -- translate --model "$model" --input "$work/alone.txt" --beam 3 --n-best 2; then
  expect "two lines for one input" "$(wc -l <"$work/out")" '^2$'
  expect "n-best lines are LINE TAB SCORE TAB TRANSLATION, best first" "$(head -n 1 "$work/out")" $'^1\t-?[0-9]+\\.[0-9]{4}\tcba$'
fi
run "--n-best larger than --beam is a usage error" 2 -- translate --model "$model" --n-best 3
expect "it names --n-best" "$err" '^lstmkit: error: --n-best: '
run "translate without --model" 2 -- translate

# eval: teacher-forced loss and the translation metrics.
if run "eval a seq2seq model" 0 -- eval --model "$model" --pairs "$work/dev.tsv"; then
  expect "eval prints the loss per char" "$out" '^loss +[0-9]+\.[0-9]{4} nats/char$'
  expect "eval prints BLEU" "$out" '^BLEU +[0-9]+\.[0-9]{2} '
  expect "eval prints chrF" "$out" '^chrF +[0-9]+\.[0-9]{2}$'
  expect "the toy task is learnt" "$out" '^exact match +(9[0-9]|100)\.[0-9]{2}%'
fi
if run "eval with beam search" 0 -- eval --model "$model" --pairs "$work/dev.tsv" --beam 3 --alpha 0.5; then
  expect "eval says how it decoded" "$out" '^decoding +beam 3, alpha 0\.50'
fi
run "eval of a seq2seq model without --pairs" 2 -- eval --model "$model"

# resume continues the run from last.safetensors.
if run "train-s2s --resume" 0 -- train-s2s --pairs "$work/dev.tsv" --val-frac 0.5 --out "$work/res" --hidden 8 --epochs 1 --quiet --attention none; then
  run "resume to a second epoch" 0 -- train-s2s --pairs "$work/dev.tsv" --val-frac 0.5 --out "$work/res" --epochs 2 --resume
  expect "it says where it resumes" "$err" 'resuming .*last\.safetensors at epoch 2'
  run "--resume with another --hidden" 2 -- train-s2s --pairs "$work/dev.tsv" --out "$work/res" --epochs 3 --resume --hidden 9
  run "--resume reading the source in order instead" 2 -- train-s2s --pairs "$work/dev.tsv" --out "$work/res" --epochs 3 --resume --reverse-source false
  expect "it names --reverse-source and the run's setting" "$err" '^lstmkit: error: --reverse-source: differs from the run being resumed \(true\)'
fi

# The data contract.
printf 'a\tb\nno tab\nc\td\n' >"$work/bad.tsv"
run "a line without a tab names file and line" 1 -- train-s2s --pairs "$work/bad.tsv" --out "$work/bad"
expect "one error line" "$err" "^lstmkit: error: $work/bad.tsv:2: no tab on this line; .*--skip-bad-lines"
run "--skip-bad-lines skips and counts" 0 -- train-s2s --pairs "$work/bad.tsv" --out "$work/bad" --skip-bad-lines \
  --val-frac 0 --hidden 4 --epochs 1 --attention none
expect "the skipped lines are reported" "$err" 'skipped 1 lines of .*bad\.tsv without a tab'
run "--max-len drops and counts" 0 -- train-s2s --pairs "$work/dev.tsv" --out "$work/ml" --max-len 3 --hidden 4 \
  --epochs 1 --attention none
expect "the dropped pairs are reported per side" "$err" 'dropped [0-9]+ training pairs longer than --max-len 3'
expect "81 in all" "$(grep -oE 'dropped [0-9]+' <<<"$err" | awk '{ n += $2 } END { print n }')" '^81$'
run "train-s2s without --pairs" 2 -- train-s2s --out "$work/x"
run "--val-frac 1 is a usage error" 2 -- train-s2s --pairs "$work/dev.tsv" --out "$work/x" --val-frac 1
run "--val-pairs with --val-frac" 2 -- train-s2s --pairs "$work/dev.tsv" --val-pairs "$work/dev.tsv" --val-frac 0.2 --out "$work/x"

if [ -f "$shared/fra-eng.tsv" ]; then
  if run "fra-eng: --limit keeps the first pairs" 0 -- train-s2s --pairs "$shared/fra-eng.tsv" --limit 300 \
      --out "$work/fra" --hidden 8 --epochs 1 --attention none; then
    # A tenth of the distinct sources, each with all its translations (fra-eng repeats sources).
    expect "a random tenth of the sources is held out" "$err" 'train-s2s: 259 training pairs, 41 validation pairs'
  fi
fi
# Ctrl-C while oneDNN's GEMM kernels run (a 256-unit model spends nearly all its time in them): the
# signal must be taken off the math threads. When it ran on them, about every other run aborted with a
# corrupted heap (oneDNN issue #4845) instead of saving and exiting 130.
for i in 1 2 3 4 5 6; do
  "$bin" train-s2s --pairs "$work/rev.tsv" --out "$work/int$i" --hidden 256 --batch 16 --epochs 50 --quiet --attention none \
    >/dev/null 2>"$work/int.err" &
  pid=$!
  for _ in $(seq 100); do [ -s "$work/int$i/log.csv" ] && [ "$(wc -l <"$work/int$i/log.csv")" -gt 2 ] && break; sleep 0.05; done
  sleep "0.$i"
  kill -INT "$pid"
  rc=0
  wait "$pid" || rc=$?
  if [ "$rc" -eq 130 ] && [ -s "$work/int$i/last.safetensors" ]; then
    echo "ok   Ctrl-C during training, run $i: saved and exit 130"
  else
    echo "FAIL Ctrl-C during training, run $i: exit $rc; stderr: $(cat "$work/int.err")"; fail=1
  fi
done
exit $fail
