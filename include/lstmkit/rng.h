#pragma once
// A small, fast, seedable generator whose whole state is two 64-bit words, so a checkpoint can store it
// and `--resume` continues the exact same random stream (dropout masks, shuffles, sampling).
#include <array>
#include <cstdint>

namespace lstmkit {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0);

  uint64_t next_u64();
  // Uniform in [0, 1) with 24 random bits, exactly representable as float.
  float uniform();
  // Uniform in [lo, hi).
  float uniform(float lo, float hi);
  // Standard normal (Box-Muller; no cached second value, so the state stays two words).
  double normal();
  // Uniform integer in [0, n).
  uint64_t below(uint64_t n);

  std::array<uint64_t, 2> state() const { return s_; }
  void set_state(std::array<uint64_t, 2> s) { s_ = s; }

 private:
  std::array<uint64_t, 2> s_;  // xoroshiro128+ state
};

}  // namespace lstmkit
