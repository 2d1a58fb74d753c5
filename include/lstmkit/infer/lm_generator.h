#pragma once
// Text generation from a language model: feed the prime, then draw one token at a time from the
// sampler and feed it back. Tokens are whole grapheme clusters (or words), so any prefix of the output
// is valid UTF-8.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lstmkit/infer/sampler.h"
#include "lstmkit/models/language_model.h"

namespace lstmkit::infer {

struct PrimeIds {
  std::vector<int32_t> ids;
  std::vector<std::string> unknown;  // distinct prime tokens outside the vocabulary, in text order
};

// The prime as the model's tokens. Unknown tokens become <unk> and are listed. An empty prime starts
// from a newline when the vocabulary has one (text "begins" after a line end), else its most frequent token.
PrimeIds prime_ids(const text::Vocab& vocab, std::string_view prime);

class LmGenerator {
 public:
  LmGenerator(models::LanguageModel& model, SamplerOptions options);

  // Generates `length` tokens after `prime` (ids, non-empty), calling `emit` with each token's text as it
  // is drawn, so callers can stream it.
  void generate(const std::vector<int32_t>& prime, int64_t length, Rng& rng,
                const std::function<void(const std::string&)>& emit);

 private:
  models::LanguageModel& model_;
  Sampler sampler_;
  std::vector<float> logits_;  // [T, 1, V]
};

}  // namespace lstmkit::infer
