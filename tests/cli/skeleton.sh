#!/usr/bin/env bash
# The command-line contract of ../shared/DESIGN.md: help, version, exit codes, one-line errors.
set -uo pipefail
bin=$1
fail=0
check() {  # check NAME EXPECTED_EXIT GREP_PATTERN(stdout+stderr) -- ARGS...
  local name=$1 want=$2 pattern=$3; shift 4
  local out rc
  out=$("$bin" "$@" 2>&1); rc=$?
  if [ "$rc" -ne "$want" ]; then echo "FAIL $name: exit $rc, want $want; output: $out"; fail=1; return; fi
  if ! grep -qE -- "$pattern" <<<"$out"; then echo "FAIL $name: output lacks /$pattern/: $out"; fail=1; return; fi
  echo "ok   $name"
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
err=$("$bin" trian-lm 2>&1 >/dev/null | wc -l)
out=$("$bin" trian-lm 2>/dev/null | wc -c)
if [ "$err" -ne 1 ] || [ "$out" -ne 0 ]; then echo "FAIL error is one stderr line: $err lines, $out stdout bytes"; fail=1; else echo "ok   error is one stderr line"; fi
exit $fail
