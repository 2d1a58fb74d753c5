#include "lstmkit/text/tokenizer.h"

namespace lstmkit::text {

Tokenizer::Tokenizer(Unit unit, Normalization normalize)
    : unit_(unit), normalize_(normalize), segmenter_(std::in_place, unit) {}

Tokenizer::Tokenizer(const Vocab& vocab) : unit_(vocab.unit()), normalize_(vocab.normalization()) {
  if (vocab.subword()) subword_ = vocab.subword();
  else segmenter_.emplace(unit_);
}

std::vector<std::string> Tokenizer::tokenize(std::string_view text) {
  const std::string normalized = normalize(text, normalize_);
  if (subword_) return subword_->encode(normalized);
  return segmenter_->segment(normalized);
}

std::vector<int> encode_text(const Vocab& vocab, std::string_view text) {
  Tokenizer tokenizer(vocab);
  return vocab.encode(tokenizer.tokenize(text));
}

}  // namespace lstmkit::text
