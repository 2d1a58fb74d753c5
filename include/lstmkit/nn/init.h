#pragma once
// Weight initialisers. Matrices are row-major [rows, cols] in PyTorch's layout ([out, in]); fan-in is
// cols and fan-out rows, as Keras computes them on its transposed [in, out] kernels.
#include <string>

#include "lstmkit/rng.h"

namespace lstmkit::nn {

// keras: glorot_uniform kernels, orthogonal recurrent kernels, zero biases, LSTM forget bias 1.
// torch: every tensor uniform(±1/√H) as nn.LSTM/GRU/RNN; nn.Linear uniform(±1/√in).
enum class InitScheme { keras, torch };
InitScheme parse_init(const std::string& name, const std::string& option = "`init`");
std::string init_name(InitScheme scheme);

// uniform(±sqrt(6 / (fan_in + fan_out)))
void init_glorot_uniform(float* w, int rows, int cols, Rng& rng);
// Keras' Orthogonal on its [cols, rows] kernel, i.e. here: a [rows, cols] matrix whose shorter side is
// orthonormal (QR of a standard-normal matrix, signs fixed by R's diagonal, as Keras does).
void init_orthogonal(float* w, int rows, int cols, Rng& rng);
void init_uniform(float* w, size_t n, float limit, Rng& rng);

}  // namespace lstmkit::nn
