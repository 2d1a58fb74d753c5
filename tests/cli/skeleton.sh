#!/usr/bin/env bash
# The command-line contract of ../shared/DESIGN.md: help, version, exit codes, one-line errors.
set -uo pipefail
source "$(dirname "$0")/lib/check.sh"
# check NAME EXPECTED_EXIT PATTERN -- ARGS...: the exit code, then PATTERN in stdout or stderr.
check() {
  local name=$1 want=$2 pattern=$3; shift 4
  run "$name" "$want" -- "$@" && expect "$name: output" "$out"$'\n'"$err" "$pattern"
}
check "no arguments is a usage error"      2 'usage: lstmkit <command>' -- 
check "--help lists every command"         0 'train-lm.*' -- --help
check "--version"                          0 '^lstmkit [0-9]+\.[0-9]+\.[0-9]+$' -- --version
check "unknown command suggests"           2 "^lstmkit: error: trian-lm: unknown command; did you mean 'train-lm'\?" -- trian-lm
check "unknown option suggests"            2 "unknown option '--hiden'; did you mean '--hidden'\?" -- summary --input 1 --hiden 3
check "bad option value is a usage error"  2 '^lstmkit: error: ' -- summary --input x
check "bad cell names the option"          2 "^lstmkit: error: --cell: unknown cell 'lstn'; use lstm, gru or rnn" -- summary --input 1 --cell lstn
check "summary prints Keras' count"        0 '6,720' -- summary --cell lstm --input 1 --hidden 40 --head 1 --return-sequences
check "summary of a non-checkpoint fails" 1 "^lstmkit: error: .*README.md: " -- summary --model "$(dirname "$0")/../../README.md"
for c in train-lm sample train-s2s translate train-ts forecast eval summary vocab; do
  check "$c --help" 0 "lstmkit $c" -- "$c" --help
done
# Every error is exactly one line on stderr, and nothing on stdout.
if run "an error" 2 -- trian-lm; then
  expect "error is one stderr line" "$(wc -l <"$work/err")" '^1$'
  expect "error prints nothing on stdout" "$(wc -c <"$work/out")" '^0$'
fi
exit $fail
