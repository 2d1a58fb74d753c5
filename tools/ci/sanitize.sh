#!/usr/bin/env bash
# Builds library, CLI and tests with AddressSanitizer + UndefinedBehaviorSanitizer (clang, build-asan/, see
# instrumented_build.sh) and runs the ctest suite under them: any report fails its test. The PyTorch parity
# scripts run the instrumented lstmkit binary; python itself is not instrumented.
#   tools/ci/sanitize.sh [extra ctest arguments, e.g. -R text]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/ci/instrumented_build.sh
start=$SECONDS
instrumented_build
build_time=$((SECONDS - start))

# Leaks are findings too (detect_leaks; none needs suppressing, oneDNN's JIT and libgomp included); a
# sanitizer report ends the process with an error, so the test fails. Every test inherits these: CTest's
# ENVIRONMENT properties add variables, they do not replace these.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

test_start=$SECONDS
status=0
# install.consumer is left out: the installed package does not carry the sanitizer link flags, so a
# downstream app built without them cannot link the instrumented static library. The normal suite runs it,
# and the Python package's tests.
ctest --test-dir "$build" -j2 --output-on-failure -E '^install\.consumer$' "$@" > "$build/ctest.log" 2>&1 || status=$?
test_time=$((SECONDS - test_start))
if [ "$status" -ne 0 ]; then
  # The failing tests' output (sanitizer reports included) and the list of failures.
  cat "$build/ctest.log"
fi
echo
echo "== sanitize summary (ASan + UBSan, $build; build ${build_time}s, tests ${test_time}s)"
grep -E '^[0-9]+% tests passed|tests failed|^\s+[0-9]+ - ' "$build/ctest.log" || true
[ "$status" -eq 0 ] && { echo "sanitize: whole suite clean"; exit 0; }
echo "sanitize: FAILED (see above)" >&2
exit 1
