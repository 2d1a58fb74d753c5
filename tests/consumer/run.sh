#!/usr/bin/env bash
# Installs the built lstmkit into a scratch prefix, then configures, builds and runs a downstream
# project that uses find_package(lstmkit) and target_link_libraries(app lstmkit::lstmkit).
set -euo pipefail
build_dir=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
cmake --install "$build_dir" --prefix "$work/prefix" > "$work.install.log"
cmake -S "$here" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$work/build" > /dev/null
out=$("$work/build/app")
echo "$out"
[[ "$out" == lstmkit\ *\ 12 ]]
test -x "$work/prefix/bin/lstmkit"
"$work/prefix/bin/lstmkit" --version
