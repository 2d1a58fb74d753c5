#!/usr/bin/env bash
# `lstmkit train-lm`, `sample` and `eval` end to end on small generated texts: the files a run writes,
# the refusal to overwrite a model, samples on stdout, unknown prime tokens, scores, usage errors, and
# Ctrl-C (exit 130 with last.safetensors saved) followed by --resume.
set -euo pipefail
source "$(dirname "$0")/lib/check.sh"
bg=""  # the Ctrl-C check's background run, stopped if the script ends before it does
trap '[ -n "$bg" ] && kill "$bg" 2>/dev/null; rm -rf "$work"' EXIT

# The steps of log.csv's rows (one per optimiser step), one per line.
training_steps() { awk -F, 'NR > 1 { print $1 }' "$1"; }

for _ in $(seq 300); do printf 'hello world\n'; done >"$work/hello.txt"
for _ in $(seq 60); do printf 'the cat sat on the mat.\nthe dog sat on the log.\n'; done >"$work/words.txt"
# Tiny models on one thread: the test machine is small and shared.
tiny=(--hidden 16 --layers 1 --batch 8 --seq-len 16 --threads 1)
run_dir=$work/run

if run "train-lm writes a run" 0 -- train-lm --text "$work/hello.txt" --out "$run_dir" --epochs 2 --quiet "${tiny[@]}"; then
  expect_file "model.safetensors is written" "$run_dir/model.safetensors"
  expect_file "last.safetensors is written" "$run_dir/last.safetensors"
  expect "log.csv has its header" "$(head -n1 "$run_dir/log.csv")" '^step,epoch,batch_loss,train_loss,val_loss,lr,tokens_per_s$'
  expect "epoch 2's last step holds its validation" "$(tail -n1 "$run_dir/log.csv")" '^[0-9]+,2,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.e-]+,[0-9.]+$'
  expect "log.csv has one row per step" "$(cut -d, -f1 "$run_dir/log.csv" | sed 1d | uniq -d | wc -l)" '^0$'
  expect "--quiet keeps stderr empty" "$(wc -c <"$work/err")" '^0$'
  if command -v gnuplot >/dev/null; then
    expect_file "loss.png is drawn" "$run_dir/loss.png"
    expect "loss.svg is drawn beside it" "$(tail -c 8 "$run_dir/loss.svg" 2>&1)" '</svg>'
    expect "the plot names the run" "$(cat "$run_dir/loss.svg")" "lstmkit training: $run_dir"
    expect "the plot's y axis has its unit" "$(cat "$run_dir/loss.svg")" 'cross-entropy \(nats per token\)'
  else
    echo "skip loss.png: gnuplot is not installed"
  fi
fi

# The same seed and data: the first step's weights are the same, so only the loss's smoothing can
# change its batch loss (the language model used to store the option and train on plain cross-entropy).
if run "train-lm --label-smoothing" 0 -- train-lm --text "$work/hello.txt" --out "$work/smooth" --epochs 1 \
    --label-smoothing 0.2 --quiet "${tiny[@]}"; then
  plain=$(awk -F, '$1 == 1 { print $3 }' "$run_dir/log.csv")
  smoothed=$(awk -F, '$1 == 1 { print $3 }' "$work/smooth/log.csv")
  expect "label smoothing changes the first step's loss ($plain vs $smoothed)" \
    "$(awk -v a="$plain" -v b="$smoothed" 'BEGIN { print (a != b) ? "changed" : "same" }')" '^changed$'
fi
# The README's excerpt at word level with the default --batch, --seq-len and --val-frac: its held-out
# tenth (about 4,100 words) is shorter than one batch of 64 × 101, and used to be refused.
excerpt=$(dirname "$0")/../../data/shakespeare-excerpt.txt
if run "train-lm --unit word on the README's excerpt with default windows" 0 -- train-lm --text "$excerpt" \
    --unit word --out "$work/excerpt-words" --epochs 1 --hidden 16 --layers 1 --threads 1 --quiet; then
  expect "it is validated" "$(tail -n1 "$work/excerpt-words/log.csv" | cut -d, -f5)" '^[0-9.]+$'
fi
if run "a second train-lm into the same --out fails" 1 -- train-lm --text "$work/hello.txt" --out "$run_dir" --quiet "${tiny[@]}"; then
  expect "it says the model would be overwritten" "$err" \
    "^lstmkit: error: $run_dir: already holds a trained model; pass --resume to continue it, --force"
  expect "it is one stderr line" "$(wc -l <"$work/err")" '^1$'
fi
# With --resume the model is the checkpoint's: an option that would change it is a usage error.
if run "--resume with another --dropout is a usage error" 2 -- train-lm --text "$work/hello.txt" --out "$run_dir" --resume \
  --dropout 0.5 --quiet "${tiny[@]}"; then
  expect "it names --dropout and the run's value" "$err" \
    '^lstmkit: error: --dropout: differs from the run being resumed \(0\); leave it out when using --resume$'
fi
run "--resume with another --normalize is a usage error" 2 -- train-lm --text "$work/hello.txt" --out "$run_dir" --resume \
  --normalize none --quiet "${tiny[@]}" || true
run "--force overwrites" 0 -- train-lm --text "$work/hello.txt" --out "$run_dir" --epochs 1 --force --quiet "${tiny[@]}" || true

model=$run_dir/model.safetensors
if run "sample" 0 -- sample --model "$model" --prime "hello" --length 20 --seed 3 --threads 1; then
  expect "sample prints the prime first" "$out" '^hello'
  expect "sample prints prime + 20 characters + newline" "$(wc -c <"$work/out")" '^26$'
  first=$out
  run "sample again" 0 -- sample --model "$model" --prime "hello" --length 20 --seed 3 --threads 1 || true
  expect "the same --seed gives the same text" "$([ "$out" = "$first" ] && echo same || echo "'$out' vs '$first'")" '^same$'
  run "sample with another seed" 0 -- sample --model "$model" --prime "hello" --length 20 --seed 4 --threads 1 || true
  expect "another --seed gives another text" "$([ "$out" != "$first" ] && echo differs || echo "'$out'")" '^differs$'
fi
if run "sample --greedy --count 2" 0 -- sample --model "$model" --prime "he" --length 10 --greedy --count 2 --threads 1; then
  # Two greedy samples of "he" + 10 characters: S "\n\n" S "\n", both the same.
  expect "--count 2 gives two samples separated by a blank line" \
    "$(wc -c <"$work/out") $(head -c 14 "$work/out" | tail -c 2 | od -An -c | tr -d ' ')" '^27 \\n\\n$'
  expect "greedy samples are the same" "$([ "$(head -c 12 "$work/out")" = "$(tail -c +15 "$work/out" | head -c 12)" ] && echo same)" '^same$'
fi
if run "unknown prime tokens are exit 1" 1 -- sample --model "$model" --prime "hello Zq" --length 5 --seed 1 --threads 1; then
  expect "unknown prime tokens are named" "$err" \
    "^lstmkit: error: --prime: tokens not in the model's vocabulary: 'Z', 'q'; .*--allow-unk"
  expect "unknown prime tokens print nothing on stdout" "$(wc -c <"$work/out")" '^0$'
fi
if run "--allow-unk reads them as <unk>" 0 -- sample --model "$model" --prime "hello Zq" --length 5 --seed 1 --allow-unk --threads 1; then
  expect "--allow-unk still prints the prime" "$out" '^hello Zq'
fi

if run "eval" 0 -- eval --model "$model" --text "$work/hello.txt" --threads 1; then
  expect "eval counts the tokens" "$out" '^tokens +3600$'
  expect "eval prints the loss" "$out" '^loss +[0-9]+\.[0-9]{4} nats/char$'
  expect "eval prints bits per character" "$out" '^bits/char +[0-9]+\.[0-9]{4}$'
  expect "eval prints the perplexity" "$out" '^perplexity +[0-9]+\.[0-9]{3}$'
fi

if run "train-lm --unit word" 0 -- train-lm --text "$work/words.txt" --out "$work/words" --unit word --epochs 2 --quiet \
  --hidden 16 --layers 1 --batch 4 --seq-len 8 --threads 1; then
  if run "word sample" 0 -- sample --model "$work/words/model.safetensors" --prime "the dog" --length 12 --seed 2 --threads 1; then
    expect "word samples start with the prime" "$out" '^the dog'
    expect "word samples use only the text's characters" "$(tr -d 'thecasondgml. \n' <<<"$out" | wc -c)" '^0$'
  fi
  run "word eval" 0 -- eval --model "$work/words/model.safetensors" --text "$work/words.txt" --threads 1 &&
    expect "word eval reports bits per token" "$out" '^bits/token +[0-9.]+$'
fi

if run "train-lm without --text is a usage error" 2 -- train-lm --out "$work/none"; then
  expect "it names the missing option" "$err" '^lstmkit: error: train-lm: missing --text'
fi
run "sample without --model is a usage error" 2 -- sample --prime x || true

# Ctrl-C: a long run is interrupted once it has logged, saves last.safetensors and exits 130; --resume
# then finishes the epoch after the one that was interrupted.
long=$work/long
"$bin" train-lm --text "$work/hello.txt" --out "$long" --epochs 1000 "${tiny[@]}" >/dev/null 2>"$work/long.err" &
bg=$!
for _ in $(seq 300); do
  [ -f "$long/log.csv" ] && [ "$(wc -l <"$long/log.csv")" -ge 3 ] && break
  sleep 0.1
done
kill -INT "$bg"
for _ in $(seq 300); do kill -0 "$bg" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$bg" 2>/dev/null || true  # a run that ignored the signal fails below with 137, not a hung test
rc=0
wait "$bg" || rc=$?
bg=""
if [ "$rc" -eq 130 ]; then echo "ok   SIGINT exits 130"; else echo "FAIL SIGINT exits $rc, want 130: $(cat "$work/long.err")"; fail=1; fi
expect_file "SIGINT leaves last.safetensors" "$long/last.safetensors"
expect "SIGINT says where it saved" "$(cat "$work/long.err")" "interrupted: saved $long/last.safetensors; continue with --resume"
# Interrupted before or after its first validation, the run has the model the next command names.
expect_file "SIGINT leaves model.safetensors" "$long/model.safetensors"
run "the interrupted run's model.safetensors samples" 0 -- sample --model "$long/model.safetensors" --length 5 --seed 1
epoch=$(tail -n1 "$long/log.csv" | cut -d, -f2)
if run "--resume finishes the run" 0 -- train-lm --text "$work/hello.txt" --out "$long" --resume --epochs $((epoch + 1)) \
  --quiet "${tiny[@]}"; then
  steps=$(training_steps "$long/log.csv")
  expect "the resumed log ends in epoch $((epoch + 1))" "$(tail -n1 "$long/log.csv" | cut -d, -f2)" "^$((epoch + 1))$"
  expect "the resumed log has every step once, in order" \
    "$([ "$steps" = "$(seq "$(wc -l <<<"$steps")")" ] && echo consecutive || echo "$steps" | tr '\n' ' ')" '^consecutive$'
fi

exit $fail
