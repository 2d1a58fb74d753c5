#pragma once
// The vocabulary job: how a text is cut into tokens and what vocabulary it gives — counts, the
// vocabulary a limit (or a SentencePiece model) keeps, and the share of the text it covers.
#include <cstddef>

#include "lstmkit/jobs/text_input.h"
#include "lstmkit/text/token_counts.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::jobs {

struct VocabConfig {
  TextInput input;
  text::TextOptions text;          // unit char, word, bpe or unigram
  text::VocabLimits limits;        // char and word units
  int vocab_size = 8000;           // pieces of a bpe or unigram model, the specials included
};

struct VocabReport {
  text::TokenCounts counts;
  text::Vocab vocab;
  double coverage = 1.0;  // share of the counted tokens (repeats included) the vocabulary holds
  size_t replaced = 0;    // invalid UTF-8 sequences replaced with U+FFFD
};

// Throws lstmkit::UsageError naming the field (vocab_size, limits, input).
void validate(const VocabConfig& config);

VocabReport vocab(const VocabConfig& config);

}  // namespace lstmkit::jobs
