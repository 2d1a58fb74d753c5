#!/usr/bin/env bash
# `lstmkit vocab`: the acceptance numbers of issue 3 on tinyshakespeare, and its error contract
# (invalid UTF-8 → exit 1 with one "FILE:byte N" line; option mistakes → exit 2).
set -euo pipefail
source "$(dirname "$0")/lib/check.sh"

if [ -f "$shared/tinyshakespeare.txt" ]; then
  if run "tinyshakespeare" 0 -- vocab --text "$shared/tinyshakespeare.txt"; then
    expect "tinyshakespeare has 1115394 tokens" "$(tr -d , <<<"$out")" '^tokens +1115394$'
    expect "tinyshakespeare has 65 distinct characters" "$out" '^distinct +65$'
    expect "vocabulary adds the 4 specials" "$out" '^vocabulary +69 ids = 65 tokens \+ 4 specials'
    expect "space is shown as ␠ and ranks first" "$out" '^ +1 +169,892 +15\.23% +␠$'
    expect "newline is shown as \\n" "$out" ' \\n$'
  fi
  if run "tinyshakespeare --max-vocab" 0 -- vocab --text "$shared/tinyshakespeare.txt" --max-vocab 30 --top 3; then
    expect "--max-vocab cuts the vocabulary" "$out" '^vocabulary +34 ids = 30 tokens'
    expect "--max-vocab reports its coverage" "$out" '^coverage +9[0-9]\.[0-9]{2}% of the tokens .*<unk>'
    expect "--top 3 lists three tokens" "$(grep -cE '^ +[0-9]+ +[0-9,]+ +[0-9.]+% ' <<<"$out")" '^3$'
  fi
else
  echo "skip tinyshakespeare checks: $shared/tinyshakespeare.txt is absent"
fi

printf 'good line\nbad \xE0\x80\x80 line\n' >"$work/bad.txt"
if run "invalid UTF-8 is exit 1" 1 -- vocab --text "$work/bad.txt"; then
  expect "invalid UTF-8 names FILE:byte N" "$err" \
    "^lstmkit: error: $work/bad.txt:byte 14: invalid UTF-8: overlong encoding \(bytes E0 80 80\); "
  expect "invalid UTF-8 is one stderr line" "$(wc -l <"$work/err")" '^1$'
  expect "invalid UTF-8 prints nothing on stdout" "$(wc -c <"$work/out")" '^0$'
fi
if run "--on-invalid replace succeeds" 0 -- vocab --text "$work/bad.txt" --on-invalid replace; then
  expect "--on-invalid replace warns with the count" "$err" \
    "^lstmkit: warning: $work/bad.txt: replaced 3 invalid UTF-8 sequences with U\+FFFD$"
  expect "replaced text is counted" "$out" '^tokens +23$'
fi

: >"$work/empty.txt"
if run "empty file" 0 -- vocab --text "$work/empty.txt"; then
  expect "empty file has no tokens" "$out" '^tokens +0$'
fi
if run "missing file is exit 1" 1 -- vocab --text "$work/nope.txt"; then
  expect "missing file gives the OS reason" "$err" \
    "^lstmkit: error: $work/nope.txt: cannot read the file: No such file or directory"
fi

if run "missing --text is a usage error" 2 -- vocab; then
  expect "missing --text says so" "$err" '^lstmkit: error: vocab: missing --text'
fi
if run "bad --unit is a usage error" 2 -- vocab --text "$work/empty.txt" --unit byte; then
  expect "bad --unit names the option" "$err" "^lstmkit: error: --unit: unknown unit 'byte'"
fi
if run "negative --max-vocab is a usage error" 2 -- vocab --text "$work/empty.txt" --max-vocab -1; then
  expect "negative --max-vocab names the option" "$err" '^lstmkit: error: --max-vocab: must not be negative'
fi
exit $fail
