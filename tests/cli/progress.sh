#!/usr/bin/env bash
# What a training run prints: the progress line fits the terminal (TIOCGWINSZ, else $COLUMNS, else 80)
# and keeps its ETA, a redraw never leaves a line behind, epoch lines show the elapsed time, every train
# command ends with the commands to run next, and internal details wait for --verbose.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"

for _ in $(seq 300); do printf 'the quick brown fox jumps over the lazy dog.\n'; done >"$work/fox.txt"
tiny=(--hidden 16 --layers 1 --batch 8 --seq-len 16 --threads 1)

# check_redraws NAME FILE WIDTH: every progress redraw in FILE (the raw terminal output) is at most
# WIDTH-1 characters, has its ETA, and is overwritten by the next redraw or a note, never followed by a
# line break of its own.
check_redraws() {
  local verdict
  verdict=$(python3 - "$2" "$3" <<'PY'
import re, sys
raw = open(sys.argv[1], 'rb').read().decode()
width = int(sys.argv[2])
redraws = 0
for line in raw.split('\n'):
    parts = line.split('\r\x1b[K')
    for i, part in enumerate(parts):
        part = part.rstrip('\r')
        if 'ETA' not in part and not part.startswith('['):
            continue
        redraws += 1
        if len(part) > width - 1: print(f'{len(part)} columns: {part!r}'); sys.exit()
        if not re.search(r'ETA [0-9?]', part): print(f'no ETA: {part!r}'); sys.exit()
        if i == len(parts) - 1: print(f'a redraw ends a line: {part!r}'); sys.exit()
print('ok' if redraws else 'no redraw seen')
PY
)
  expect "$1" "$verdict" '^ok$'
}

# The width checks need a terminal: script(1) gives the program one through a pseudo-terminal, which a
# machine without /dev/pts (a bare chroot) cannot open. Say so rather than blame the progress line.
if ! script_error=$(script -qec true /dev/null 2>&1 </dev/null); then
  echo "skip progress width checks: script(1) cannot open a pseudo-terminal here ($script_error)"
else
  for width in 40 60 200; do
    rm -rf "$work/tty"
    script -qec "stty cols $width rows 24; '$bin' train-lm --text '$work/fox.txt' --out '$work/tty' ${tiny[*]} --epochs 2" /dev/null \
      >"$work/tty.out" 2>&1 </dev/null
    check_redraws "progress fits a $width-column terminal" "$work/tty.out" "$width"
  done
  rm -rf "$work/tty"
  # Without a size from the terminal (stty cols 0), $COLUMNS decides.
  script -qec "stty cols 0; COLUMNS=50 '$bin' train-lm --text '$work/fox.txt' --out '$work/tty' ${tiny[*]} --epochs 2" /dev/null \
    >"$work/tty.out" 2>&1 </dev/null
  check_redraws "progress fits \$COLUMNS when the terminal has no size" "$work/tty.out" 50
  rm -rf "$work/tty"
  script -qec "stty cols 0; COLUMNS= '$bin' train-lm --text '$work/fox.txt' --out '$work/tty' ${tiny[*]} --epochs 2" /dev/null \
    >"$work/tty.out" 2>&1 </dev/null
  check_redraws "progress fits 80 columns when nothing tells the width" "$work/tty.out" 80
fi

if run "train-lm" 0 -- train-lm --text "$work/fox.txt" --out "$work/lm" "${tiny[@]}" --epochs 2; then
  expect "epoch lines show the elapsed time" "$err" '^epoch 2/2  train [0-9.]+  val [0-9.]+.*  elapsed [0-9]+m[0-9]{2}s$'
  expect "train-lm: next, sample" "$err" "^next: lstmkit sample --model $work/lm/model\.safetensors$"
  expect "train-lm: next, eval" "$err" "^next: lstmkit eval --model $work/lm/model\.safetensors --text $work/fox\.txt$"
fi

for _ in $(seq 60); do printf 'go on\tvas-y\nhello there\tsalut\n'; done >"$work/pairs.tsv"
s2s=(--pairs "$work/pairs.tsv" --hidden 16 --batch 8 --epochs 1 --threads 1)
if run "train-s2s" 0 -- train-s2s "${s2s[@]}" --out "$work/s2s"; then
  expect "train-s2s: next, translate" "$err" "^next: lstmkit translate --model $work/s2s/model\.safetensors  # "
  expect "train-s2s: next, eval" "$err" "^next: lstmkit eval --model $work/s2s/model\.safetensors --pairs $work/pairs\.tsv$"
  if grep -q "primitive shapes" <<<"$err"; then echo "FAIL internal details without --verbose"; fail=1; else echo "ok   no internal details without --verbose"; fi
fi
run "train-s2s --verbose" 0 -- train-s2s "${s2s[@]}" --out "$work/s2s-verbose" --verbose &&
  expect "--verbose shows the primitive shapes" "$err" '^oneDNN primitive shapes built: [0-9]+$'

if run "train-ts" 0 -- train-ts --synthetic sine --length 300 --window 10 --hidden 8 --epochs 1 --threads 1 --out "$work/ts"; then
  expect "train-ts: next, forecast" "$err" "^next: lstmkit forecast --model $work/ts/model\.safetensors  # "
fi
printf 'x,y\n' >"$work/series.csv"; for i in $(seq 200); do echo "$i,$((i % 7))"; done >>"$work/series.csv"
if run "train-ts on a CSV" 0 -- train-ts --csv "$work/series.csv" --target y --window 10 --hidden 8 --epochs 1 --threads 1 --out "$work/ts-csv"; then
  expect "a CSV model's next command names the CSV" "$err" "^next: lstmkit forecast --model $work/ts-csv/model\.safetensors --csv $work/series\.csv  # "
fi
# A path a shell would split is quoted.
mkdir -p "$work/a b"
run "train-lm into a path with a space" 0 -- train-lm --text "$work/fox.txt" --out "$work/a b/lm" "${tiny[@]}" --epochs 1 &&
  expect "the next command quotes it" "$err" "^next: lstmkit sample --model '$work/a b/lm/model\.safetensors'$"
exit $fail
