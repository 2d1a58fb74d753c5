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
  # CI's sanitizer and fuzz builds (tools/ci/): clang is clang-14; libFuzzer's and the sanitizers' runtimes
  # (libclang_rt.fuzzer-x86_64.a) are in libclang-rt-14-dev, which libclang-common-14-dev only recommends;
  # llvm has llvm-symbolizer for readable stacks; libomp-dev lets CMake find OpenMP under clang; ccache
  # keeps the extra builds cheap to repeat.
  clang libclang-rt-14-dev llvm libomp-dev ccache
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

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
# The Python package where Debian's python3 finds it (/usr/local/lib/python3.X/dist-packages/lstmkit).
$sudo cmake --install build --component python >/dev/null
