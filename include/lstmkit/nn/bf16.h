#pragma once
// bfloat16 (the top 16 bits of an IEEE f32) conversions for the data entering and leaving oneDNN's bf16
// RNN primitives: once per call over whole [T, N, C] or [L, N, H] arrays, never per time step.
#include <cstddef>
#include <cstdint>

namespace lstmkit::nn {

using bf16_t = uint16_t;

// Round to nearest, ties to even (as oneDNN's own reorders); NaN stays a (quiet) NaN.
void to_bf16(const float* in, bf16_t* out, size_t count);
// Exact.
void from_bf16(const bf16_t* in, float* out, size_t count);

}  // namespace lstmkit::nn
