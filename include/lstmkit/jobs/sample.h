#pragma once
// The sampling job: text drawn from a language model after a prime, token by token, streamed to the
// caller as it is drawn.
#include <cstdint>
#include <functional>
#include <string>

#include "lstmkit/infer/sampler.h"
#include "lstmkit/models/language_model.h"

namespace lstmkit::jobs {

struct SampleConfig {
  std::string prime;           // printed first; an empty prime starts after a line end
  int64_t length = 500;        // tokens to draw after the prime
  int64_t count = 1;           // independent samples
  uint64_t seed = 1;           // the same seed, model and options draw the same text
  bool allow_unk = false;      // prime tokens outside the vocabulary read as <unk> instead of an error
  infer::SamplerOptions sampling = default_sampling();

  // Temperature 1, no top-k or top-p, and none of the four specials is ever drawn.
  static infer::SamplerOptions default_sampling();
};

// Where the text goes as it is drawn: begin(i) before sample i (0-based), then the prime and each token.
struct SampleSink {
  std::function<void(int64_t index)> begin;
  std::function<void(const std::string& text)> text;
};

// Throws lstmkit::UsageError naming the field (length, count, prime, temperature, top_k, top_p).
void validate(const SampleConfig& config);

// Throws lstmkit::Error at "prime" for prime tokens the model does not know (unless allow_unk), and
// jobs::Interrupted after the token being drawn when train::request_interrupt() was called (the sink has
// everything drawn until then).
void sample(models::LanguageModel& model, const SampleConfig& config, const SampleSink& sink);

}  // namespace lstmkit::jobs
