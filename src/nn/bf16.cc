#include "lstmkit/nn/bf16.h"

#include <bit>

namespace lstmkit::nn {

void to_bf16(const float* in, bf16_t* out, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    const uint32_t bits = std::bit_cast<uint32_t>(in[i]);
    if ((bits & 0x7fffffffu) > 0x7f800000u) {  // NaN: keep the sign, force a quiet NaN
      out[i] = static_cast<bf16_t>((bits >> 16) | 0x0040u);
      continue;
    }
    // Adding 0x7fff plus the lowest kept bit rounds half to even; carries propagate into the exponent
    // (and to Inf for the largest finite values), as they should.
    const uint32_t rounding = 0x7fffu + ((bits >> 16) & 1u);
    out[i] = static_cast<bf16_t>((bits + rounding) >> 16);
  }
}

void from_bf16(const bf16_t* in, float* out, size_t count) {
  for (size_t i = 0; i < count; ++i) out[i] = std::bit_cast<float>(static_cast<uint32_t>(in[i]) << 16);
}

}  // namespace lstmkit::nn
