# shellcheck shell=bash
# Sourced by tools/ci/sanitize.sh and tools/ci/fuzz.sh: one instrumented build serves both. build-asan/
# holds the library, the CLI, the tests and the libFuzzer targets of tests/fuzz, all compiled by clang with
# AddressSanitizer + UndefinedBehaviorSanitizer and libFuzzer's coverage instrumentation (which the tests
# carry unused: the sanitizer runtime has do-nothing hooks for it). clang compiles it about as fast as the
# Release build; GCC with the same sanitizers took five times as long, the better part of CI's time.
# The Python package is left out: an instrumented extension module cannot load into Debian's
# uninstrumented python3 ("ASan runtime does not come first in initial library list").
build=build-asan

# instrumented_build [cmake --build arguments]: configures and builds $build; on failure prints the end of
# the log and exits.
instrumented_build() {
  # ccache keys on paths relative to the checkout, so a fresh clone (CI) reuses what an earlier build compiled.
  export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # A build-asan/ configured by GCC (as sanitize.sh's own build once was) cannot change its compiler.
  if [ -f "$build/CMakeCache.txt" ] && ! grep -q '^CMAKE_CXX_COMPILER:.*clang' "$build/CMakeCache.txt"; then
    rm -rf "$build"
  fi
  # -O1 without NDEBUG: asserts stay on, tests stay fast enough; line tables are all a sanitizer's stack
  # needs to name files and lines, and compile faster than full debug information.
  cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" -DLSTMKIT_FUZZ=ON -DLSTMKIT_PYTHON=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" >/dev/null
  cmake --build "$build" -j"$(nproc)" "$@" > "$build/build.log" 2>&1 ||
    { tail -50 "$build/build.log"; echo "instrumented build FAILED ($build/build.log)" >&2; exit 1; }
}
