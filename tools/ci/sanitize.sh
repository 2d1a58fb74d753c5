#!/usr/bin/env bash
# Builds library, CLI and tests with AddressSanitizer + UndefinedBehaviorSanitizer (LSTMKIT_SANITIZE, the
# default compiler, build-asan/) and runs the whole ctest suite under them: any report fails its test.
# The PyTorch parity scripts run the instrumented lstmkit binary; python itself is not instrumented.
#   tools/ci/sanitize.sh [extra ctest arguments, e.g. -R text]
set -euo pipefail
cd "$(dirname "$0")/../.."
# ccache keys on paths relative to the checkout, so a fresh clone (CI) reuses what any earlier build compiled.
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
build=build-asan

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
start=$SECONDS
# -O1 -g without NDEBUG: asserts stay on, stacks stay readable, tests stay fast enough.
cmake -S . -B "$build" "${launcher[@]}" -DLSTMKIT_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" >/dev/null
cmake --build "$build" -j"$(nproc)" > "$build/build.log" 2>&1 ||
  { tail -50 "$build/build.log"; echo "sanitize: BUILD FAILED" >&2; exit 1; }
build_time=$((SECONDS - start))

# Leaks are findings too (detect_leaks; none needs suppressing, oneDNN's JIT and libgomp included); a
# sanitizer report ends the process with an error, so the test fails. Every test inherits these: CTest's
# ENVIRONMENT properties add variables, they do not replace these.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

test_start=$SECONDS
status=0
# install.consumer is left out: the installed package does not carry the sanitizer link flags, so a
# downstream app built without them cannot link the instrumented static library. The tests labelled
# `python` (the package's tests and the examples) are left out too: an instrumented extension module
# cannot load into Debian's uninstrumented python3 ("ASan runtime does not come first in initial library
# list"). The normal suite runs them all.
ctest --test-dir "$build" -j2 --output-on-failure -E '^install\.consumer$' -LE '^python$' "$@" > "$build/ctest.log" 2>&1 || status=$?
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
