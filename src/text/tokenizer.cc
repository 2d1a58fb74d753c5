#include "lstmkit/text/tokenizer.h"

namespace lstmkit::text {

Tokenizer::Tokenizer(Unit unit, Normalization normalize) : normalize_(normalize), segmenter_(unit) {}

Tokenizer::Tokenizer(const Vocab& vocab) : Tokenizer(vocab.unit(), vocab.normalization()) {}

std::vector<std::string> Tokenizer::tokenize(std::string_view text) {
  if (normalize_ == Normalization::none) return segmenter_.segment(text);
  return segmenter_.segment(normalize(text, normalize_));
}

std::vector<int> encode_text(const Vocab& vocab, std::string_view text) {
  Tokenizer tokenizer(vocab);
  return vocab.encode(tokenizer.tokenize(text));
}

}  // namespace lstmkit::text
