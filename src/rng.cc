#include "lstmkit/rng.h"

#include <cmath>
#include <numbers>

namespace lstmkit {

namespace {
uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

Rng::Rng(uint64_t seed) {
  // splitmix64 expands any seed, including 0, into a well-mixed non-zero state.
  s_[0] = splitmix64(seed);
  s_[1] = splitmix64(seed);
}

uint64_t Rng::next_u64() {
  const uint64_t s0 = s_[0];
  uint64_t s1 = s_[1];
  const uint64_t result = s0 + s1;
  s1 ^= s0;
  s_[0] = rotl(s0, 24) ^ s1 ^ (s1 << 16);
  s_[1] = rotl(s1, 37);
  return result;
}

float Rng::uniform() { return static_cast<float>(next_u64() >> 40) * (1.0f / 16777216.0f); }

float Rng::uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }

double Rng::normal() {
  // 53-bit uniforms; u1 in (0, 1] so the log is finite.
  const double u1 = (static_cast<double>(next_u64() >> 11) + 1.0) * (1.0 / 9007199254740992.0);
  const double u2 = static_cast<double>(next_u64() >> 11) * (1.0 / 9007199254740992.0);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

uint64_t Rng::below(uint64_t n) {
  // Rejection removes the modulo bias.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do x = next_u64();
  while (x >= limit);
  return x % n;
}

}  // namespace lstmkit
