#pragma once
// Picks the next token from a model's logits [V]. Filters apply in this order, as in PyTorch/Hugging Face
// generation:
//   banned ids removed → softmax(logits / temperature) in double → top-k → top-p (nucleus)
//   → renormalise → draw with Rng::uniform()
// Greedy decoding skips everything but the bans and returns the lowest id among the largest logits.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "lstmkit/rng.h"

namespace lstmkit::infer {

struct SamplerOptions {
  bool greedy = false;
  double temperature = 1.0;  // > 0; < 1 sharpens, > 1 flattens
  int64_t top_k = 0;         // keep the k most likely tokens; 0 disables
  double top_p = 1.0;        // keep the smallest most-likely set with probability ≥ p; 1 disables
  // Never emitted: for a language model <pad> (0) and <s> (2) of the vocabulary's specials.
  std::vector<int32_t> banned = {0, 2};
};

// Throws lstmkit::UsageError on "`temperature`" (not finite or ≤ 0), "`top_k`" (< 0), "`top_p`" (outside
// (0, 1]) or "banned ids" (a negative id).
void validate(const SamplerOptions& options);

class Sampler {
 public:
  // Validates `options` (see validate()).
  explicit Sampler(SamplerOptions options);

  // The next token for logits [V]. Banned ids outside [0, V) are ignored. Throws lstmkit::Error on
  // "logits" when a logit is NaN or +inf, or when every token is banned or has logit −inf.
  int32_t sample(std::span<const float> logits, Rng& rng);

  // The distribution sample() draws from: [V] probabilities summing to 1, zero for removed tokens (greedy:
  // all mass on the chosen token).
  std::vector<double> distribution(std::span<const float> logits);

  const SamplerOptions& options() const { return options_; }

 private:
  // Fills candidates_ with the surviving (id, unnormalised probability) pairs; returns their total.
  double filter(std::span<const float> logits);
  int32_t argmax(std::span<const float> logits);

  SamplerOptions options_;
  std::vector<char> banned_mask_;                      // [V] for the last V seen
  std::vector<std::pair<int32_t, double>> candidates_;  // reused between calls: sampling is per token
};

}  // namespace lstmkit::infer
