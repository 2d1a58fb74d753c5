#include "lstmkit/jobs/evaluate_lm.h"

#include <algorithm>

#include "lstmkit/error.h"
#include "lstmkit/jobs/interrupted.h"

namespace lstmkit::jobs {

namespace {
// Time steps per pass: an interrupt is seen within one.
constexpr int kChunk = 256;
}  // namespace

LmEvaluation evaluate_lm(models::LanguageModel& model, const LmEvalConfig& c) {
  text::TextOptions options;
  options.unit = model.vocab().unit();
  options.normalize = model.vocab().normalization();
  options.on_invalid = c.on_invalid;
  const text::Corpus corpus = read_text_input(c.input, options, "input");
  if (corpus.tokens.size() < 2)
    throw Error(c.input.name(), corpus.tokens.empty() ? "the text is empty" : "holds a single token",
                "a loss needs at least two tokens: give a longer text");
  const std::vector<int> ids = model.vocab().encode(corpus.tokens);
  LmEvaluation e;
  e.unknown = std::count(ids.begin(), ids.end(), text::kUnkId);
  e.replaced = corpus.replaced;
  e.tokens = static_cast<int64_t>(ids.size());
  e.characters = model.vocab().unit() == text::Unit::grapheme;
  e.score = infer::evaluate_stream(model, ids, kChunk, stop_if_interrupted);
  return e;
}

}  // namespace lstmkit::jobs
