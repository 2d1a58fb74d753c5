#pragma once
// Text → tokens the way a vocabulary's "unit" and "normalize" fields say: normalise, then segment.
// Training, sampling and translation all go through this, so a model sees its text cut the same way.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lstmkit/text/normalizer.h"
#include "lstmkit/text/segmenter.h"
#include "lstmkit/text/subword.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::text {

class Tokenizer {
 public:
  // char or word (a subword unit needs its model: use the vocabulary's constructor).
  Tokenizer(Unit unit, Normalization normalize);
  // The vocabulary's own unit and normalisation, and its SentencePiece model for bpe and unigram.
  explicit Tokenizer(const Vocab& vocab);

  Unit unit() const { return unit_; }
  Normalization normalization() const { return normalize_; }

  // `text` must be well-formed UTF-8 (lstmkit::Error at "text:byte N" otherwise).
  std::vector<std::string> tokenize(std::string_view text);

 private:
  Unit unit_;
  Normalization normalize_;
  std::optional<Segmenter> segmenter_;           // char, word: reused, as building its ICU iterator is costly
  std::shared_ptr<const SubwordModel> subword_;  // bpe, unigram
};

// vocab.encode(Tokenizer(vocab).tokenize(text)): ids of `text`, tokens outside the vocabulary as kUnkId.
// Builds a Tokenizer per call; keep a Tokenizer to encode many lines.
std::vector<int> encode_text(const Vocab& vocab, std::string_view text);

}  // namespace lstmkit::text
