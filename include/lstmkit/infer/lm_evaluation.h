#pragma once
// The exact held-out loss of a language model on a text: the text is one continuous sequence read from a
// zero state with batch 1, each token predicted from all tokens before it, so the number can be
// cross-checked against any other implementation holding the same weights.
#include <cstdint>
#include <functional>
#include <vector>

#include "lstmkit/models/language_model.h"

namespace lstmkit::infer {

struct LmScore {
  double nats = 0;      // mean −log p(token) per predicted token
  int64_t tokens = 0;   // predicted tokens: all but the first
  double bits() const;        // nats / ln 2: bits per token (per character for a char model)
  double perplexity() const;  // e^nats
};

// ids [n]; n ≥ 2. `chunk` time steps go through the network at a time (state carried), which changes
// only speed, not the result. `between_chunks`, when given, runs after each (a cancellable caller throws
// there).
LmScore evaluate_stream(models::LanguageModel& model, const std::vector<int32_t>& ids, int chunk = 256,
                        const std::function<void()>& between_chunks = {});

}  // namespace lstmkit::infer
