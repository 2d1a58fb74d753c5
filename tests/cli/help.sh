#!/usr/bin/env bash
# `--help` as a new user reads it: every command's options under the group headings, defaults as typed
# (0.1, not 0.10000000000000001), required options marked, `lstmkit help CMD` the same text as
# `lstmkit CMD --help`, and prefix abbreviations (`--temp` for `--temperature`) refused with the full name.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"

# entry NAME: the help of --NAME in $out, its lines joined.
entry() {
  awk -v name="--$1" '$1 == name || ($1 == "-h," && $2 == name) { on = 1; printf "%s", $0; next }
                      on && /^      / { printf " %s", $0; next } { on = 0 }' <<<"$out" | tr -s ' '
}

commands=(train-lm sample train-s2s translate train-ts forecast eval summary vocab)
for c in "${commands[@]}"; do
  run "$c --help" 0 -- "$c" --help || continue
  help=$out
  expect "$c --help: usage line" "$help" "^usage: lstmkit $c \[options\]$"
  expect "$c --help: general group with --help" "$help" "^general:$"
  expect "$c --help: -h, --help listed" "$help" "^  -h, --help "
  if grep -qE '0000000|9999999|\[=arg|\(=' <<<"$help"; then
    echo "FAIL $c --help: a default printed with noise: $(grep -E '0000000|9999999|\[=arg|\(=' <<<"$help" | head -3)"; fail=1
  else
    echo "ok   $c --help: defaults printed cleanly"
  fi
  if grep -qE '^[a-z]+:$' <<<"$(grep -vE '^(options|data|model|training|output|general):$' <<<"$help" | grep -E '^[a-z]+:$')"; then
    echo "FAIL $c --help: an unknown group heading"; fail=1
  fi
  # No line wider than 80 columns (characters, not bytes: the help uses ±, √, ×).
  widest=$(LC_ALL=C.UTF-8 wc -L <<<"$help")
  expect "$c --help: fits 80 columns ($widest)" "$widest" '^([0-7]?[0-9]|80)$'
  run "help $c" 0 -- help "$c" || continue
  if [ "$out" = "$help" ]; then echo "ok   help $c equals $c --help"; else echo "FAIL help $c differs from $c --help"; fail=1; fi
done

for c in train-lm train-s2s train-ts; do
  run "$c --help (groups)" 0 -- "$c" --help || continue
  for group in data model training output general; do expect "$c --help: group $group" "$out" "^$group:$"; done
  expect "$c --help: --out required" "$(entry out)" "--out ARG .*\(required\)$"
  expect "$c --help: --lr under training" "$(sed -n '/^training:$/,/^$/p' <<<"$out")" "^  --lr X "
  expect "$c --help: --hidden under model" "$(sed -n '/^model:$/,/^$/p' <<<"$out")" "^  --hidden N "
done
for c in train-lm train-s2s; do
  run "$c --help (embeddings)" 0 -- "$c" --help || continue
  expect "$c --help: --embed under model" "$(sed -n '/^model:$/,/^$/p' <<<"$out")" "^  --embed N "
  expect "$c --help: --tie-embeddings under model" "$(sed -n '/^model:$/,/^$/p' <<<"$out")" "^  --tie-embeddings "
  expect "$c --help: --out under output" "$(sed -n '/^output:$/,/^$/p' <<<"$out")" "^  --out ARG "
done
run "train-lm --help (defaults)" 0 -- train-lm --help && {
  expect "--val-frac default 0.1" "$(entry val-frac)" "^ --val-frac X .*\(default: 0\.1\)$"
  expect "--lr-decay default 0.97" "$(entry lr-decay)" "^ --lr-decay X .*\(default: 0\.97\)$"
  expect "--text required" "$(entry text)" "^ --text ARG .*\(required\)$"
  expect "a switch shows no argument or default" "$(entry resume)" "^ --resume continue the run in --out from last\.safetensors$"
}
run "train-s2s --help (bool option)" 0 -- train-s2s --help &&
  expect "--reverse-source shows its values and default" "$(entry reverse-source)" \
    "^ --reverse-source \[true\|false\] .*\(default: true\)$"
run "sample --help (required model)" 0 -- sample --help &&
  expect "sample: --model required" "$(entry model)" "^ --model ARG .*\(required\)$"

if run "an abbreviation is refused" 2 -- sample --model x --temp 0.5; then
  expect "it names the full option" "$err" "^lstmkit: error: sample: unknown option '--temp'; did you mean '--temperature'\?"
fi
run "an abbreviation of a training option is refused" 2 -- train-lm --text x --out "$work/o" --hid 8 &&
  expect "it names --hidden" "$err" "did you mean '--hidden'\?"
run "help of an unknown command" 2 -- help trian-lm && expect "it suggests" "$err" "did you mean 'train-lm'\?"
run "help takes one command" 2 -- help train-lm sample
run "help alone lists the commands" 0 -- help && expect "the command list" "$out" "^  train-lm "
exit $fail
