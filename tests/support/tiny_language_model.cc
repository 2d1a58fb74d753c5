#include "support/tiny_language_model.h"

#include <string>
#include <utility>

#include "lstmkit/rng.h"
#include "lstmkit/text/tokenizer.h"

namespace lstmkit::testing {

std::unique_ptr<models::LanguageModel> tiny_language_model(nn::Precision precision) {
  const std::string text = "the quick brown fox jumps over the lazy dog\n";
  const auto tokens = text::Tokenizer(text::Unit::grapheme, text::Normalization::nfc).tokenize(text);
  text::Vocab vocab = text::Vocab::build(text::TokenCounts(tokens), text::Unit::grapheme, text::Normalization::nfc);
  models::LmConfig config{nn::CellKind::lstm, 16, 2, 0.0f};
  config.precision = precision;
  auto model = std::make_unique<models::LanguageModel>(std::move(vocab), config);
  Rng rng(3);
  model->initialize(nn::InitScheme::torch, rng);
  return model;
}

}  // namespace lstmkit::testing
