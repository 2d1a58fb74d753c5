#pragma once
// The language-model scoring job: the exact loss of a text read as one sequence from a zero state
// (infer/lm_evaluation.h), in nats and bits per token and as perplexity.
#include <cstdint>

#include "lstmkit/infer/lm_evaluation.h"
#include "lstmkit/jobs/text_input.h"
#include "lstmkit/models/language_model.h"

namespace lstmkit::jobs {

struct LmEvalConfig {
  TextInput input;
  text::InvalidUtf8 on_invalid = text::InvalidUtf8::error;  // the unit and normalisation are the model's
};

struct LmEvaluation {
  infer::LmScore score;
  int64_t tokens = 0;     // tokens in the text (score.tokens + 1: the first is not predicted)
  int64_t unknown = 0;    // tokens outside the model's vocabulary, scored as <unk>
  size_t replaced = 0;    // invalid UTF-8 sequences replaced with U+FFFD
  bool characters = false;  // a char model: bits per token are bits per character
};

// Throws lstmkit::Error at the input's name for a text of fewer than two tokens, and
// jobs::Interrupted between chunks of the text after train::request_interrupt() (jobs/interrupted.h).
LmEvaluation evaluate_lm(models::LanguageModel& model, const LmEvalConfig& config);

}  // namespace lstmkit::jobs
