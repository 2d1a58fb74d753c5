#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (build-asan/, see instrumented_build.sh) and runs each for
# FUZZ_SECONDS (default 60), two at a time. Every run starts from the seed corpus tests/fuzz/corpus/<target>
# and replays tests/fuzz/regressions/<target> (inputs of past findings), so a returning bug fails at once.
# Any finding — crash, sanitizer report, failed FUZZ_CHECK, leak, timeout, out-of-memory — fails the script
# after printing the input (hex and base64), its log and how to reproduce it.
#   tools/ci/fuzz.sh [target...]          (default: all; FUZZ_SECONDS=N, FUZZ_JOBS=N to change)
# Needs clang, libclang-rt-14-dev and llvm (tools/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/ci/instrumented_build.sh
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(checkpoint vocab utf8 csv pairs line_reader)

start=$SECONDS
instrumented_build --target lstmkit_fuzzers
build_time=$((SECONDS - start))

out=$build/runs
rm -rf "$out"
mkdir -p "$out"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# One target: fuzzes into a scratch corpus (the seeds in the repository stay as they are); writes
# $out/<target>.rc and .log, and any finding as $out/<target>-crash-* (or leak-, timeout-, oom-).
run_one() {
  local t=$1 dirs=()
  mkdir -p "$out/$t.corpus"
  dirs=("$out/$t.corpus" "tests/fuzz/corpus/$t")
  [ -d "tests/fuzz/regressions/$t" ] && dirs+=("tests/fuzz/regressions/$t")
  local dict=()
  case $t in checkpoint | vocab) dict=(-dict=tests/fuzz/json.dict) ;; esac
  set +e
  "$build/tests/fuzz/${t}_fuzz" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len=8192 \
    -print_final_stats=1 -artifact_prefix="$out/$t-" "${dict[@]}" "${dirs[@]}" > "$out/$t.log" 2>&1
  echo $? > "$out/$t.rc"
  set -e
}
export -f run_one
export build out seconds

fuzz_start=$SECONDS
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'
fuzz_time=$((SECONDS - fuzz_start))

failed=0
echo
echo "== fuzz summary (${seconds}s per target, $jobs at a time; build ${build_time}s, fuzzing ${fuzz_time}s)"
for t in "${targets[@]}"; do
  rc=$(cat "$out/$t.rc")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$out/$t.log" | tail -1 || true)
  artifacts=$(find "$out" -maxdepth 1 -name "$t-*" -type f | sort)
  if [ "$rc" -eq 0 ] && [ -z "$artifacts" ]; then
    printf '  %-12s ok     %10s runs  %s\n' "$t" "${runs:-?}" "${cov:-}"
    continue
  fi
  failed=1
  printf '  %-12s FAILED (exit %s)\n' "$t" "$rc"
  echo "---- $t: log (last 80 lines) ----"
  tail -80 "$out/$t.log"
  for a in $artifacts; do
    echo "---- $t: input $a ($(stat -c %s "$a") bytes) ----"
    od -A d -t x1z -v "$a" | head -40
    echo "base64: $(head -c 4096 "$a" | base64 -w0)"
    echo "reproduce: $build/tests/fuzz/${t}_fuzz $a"
    echo "keep it:   cp $a tests/fuzz/regressions/$t/"
  done
done
[ "$failed" -eq 0 ] && { echo "fuzz: all ${#targets[@]} targets clean"; exit 0; }
echo "fuzz: FINDINGS (see above)" >&2
exit 1
