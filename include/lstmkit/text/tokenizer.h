#pragma once
// Text → tokens the way a vocabulary's "unit" and "normalize" fields say: normalise, then segment.
// Training, sampling and translation all go through this, so a model sees its text cut the same way.
#include <string>
#include <string_view>
#include <vector>

#include "lstmkit/text/normalizer.h"
#include "lstmkit/text/segmenter.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::text {

class Tokenizer {
 public:
  Tokenizer(Unit unit, Normalization normalize);
  // The vocabulary's own unit and normalisation.
  explicit Tokenizer(const Vocab& vocab);

  Unit unit() const { return segmenter_.unit(); }
  Normalization normalization() const { return normalize_; }

  // `text` must be well-formed UTF-8 (lstmkit::Error at "text:byte N" otherwise).
  std::vector<std::string> tokenize(std::string_view text);

 private:
  Normalization normalize_;
  Segmenter segmenter_;  // reused: building its ICU iterator costs more than tokenising a line
};

// vocab.encode(Tokenizer(vocab).tokenize(text)): ids of `text`, tokens outside the vocabulary as kUnkId.
// Builds a Tokenizer per call; keep a Tokenizer to encode many lines.
std::vector<int> encode_text(const Vocab& vocab, std::string_view text);

}  // namespace lstmkit::text
