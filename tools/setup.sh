#!/usr/bin/env bash
# Installs what lstmkit needs from Debian 12's packages (idempotent), then configures and builds it in
# build/. Runs as root or through sudo. Nothing is downloaded but Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config
  # dnnl-config.cmake looks for OpenCL, which libdnnl-dev only recommends.
  libdnnl-dev ocl-icd-opencl-dev libicu-dev libboost-program-options-dev nlohmann-json3-dev
  libgtest-dev googletest
  gnuplot-nox
  # Subword units (bpe, unigram) for translation and language models.
  libsentencepiece-dev
  # Data-parallel training on several processes or machines (mpirun).
  libopenmpi-dev openmpi-bin
  # The Python package (pybind11, Python's headers) and its tests; statsmodels for the forecasting
  # comparison (tools/).
  pybind11-dev python3-pybind11 python3-dev python3-pytest python3-statsmodels
  # PyTorch parity tests and benchmarks (tools/bench); openblas so torch's BLAS is not the slow one.
  python3 python3-numpy python3-torch libopenblas0-pthread
  # CI's sanitizer and fuzz build (tools/ci/): clang is clang-14; libFuzzer's and the sanitizers' runtimes
  # (libclang_rt.fuzzer-x86_64.a) are in libclang-rt-14-dev, which libclang-common-14-dev only recommends;
  # llvm has llvm-symbolizer for readable stacks; ccache keeps every build cheap to repeat.
  clang libclang-rt-14-dev llvm ccache
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ccache (installed above) keys on paths relative to the checkout, so a fresh clone on a machine that
# built the same sources before (CI) compiles almost nothing.
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
cmake --build build -j"$(nproc)"
# The Python package where Debian's python3 finds it (/usr/local/lib/python3.X/dist-packages/lstmkit).
$sudo cmake --install build --component python >/dev/null
