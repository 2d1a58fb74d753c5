# shellcheck shell=bash disable=SC2034  # the variables set here are read by the sourcing scripts
# Shared by the tests/cli/*.sh scripts, which source it first thing with their own `set` options:
#   source "$(dirname "$0")/lib/check.sh"
# It lives below tests/cli/ because CTest runs every tests/cli/*.sh (not recursively) as a test. It sets
#   bin     the lstmkit binary, the script's first argument
#   work    a scratch directory, removed on exit (a script that replaces the EXIT trap removes it itself)
#   shared  the shared data folder: $LSTMKIT_SHARED_DATA, else ../shared/data beside the checkout
#   fail    0 until a check fails; each script ends with `exit $fail`
# and the checks below, each printing one "ok   NAME" or "FAIL NAME: why" line.
bin=${1:?usage: bash $0 path/to/lstmkit}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shared=${LSTMKIT_SHARED_DATA:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)/shared/data}
fail=0

# run NAME EXPECTED_EXIT -- ARGS...: runs the binary with stdin from $input (/dev/null when unset) and
# leaves stdout, stderr and exit code in $out $err $rc (and the files $work/out, $work/err); returns 1
# when the exit code is not the expected one, so that the checks of its output can be skipped.
run() {
  local name=$1 want=$2; shift 3
  rc=0
  "$bin" "$@" <"${input:-/dev/null}" >"$work/out" 2>"$work/err" || rc=$?
  out=$(cat "$work/out"); err=$(cat "$work/err")
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $name: exit $rc, want $want; stdout: $out; stderr: $err"; fail=1; return 1
  fi
  echo "ok   $name"
}

# expect NAME TEXT PATTERN: TEXT must match the extended regex PATTERN.
expect() {
  if grep -qE -- "$3" <<<"$2"; then echo "ok   $1"; else echo "FAIL $1: lacks /$3/ in: $2"; fail=1; fi
}

# expect_file NAME PATH: PATH must exist and be non-empty.
expect_file() {
  if [ -s "$2" ]; then echo "ok   $1"; else echo "FAIL $1: $2 is missing or empty"; fail=1; fi
}
