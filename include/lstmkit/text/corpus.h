#pragma once
// A training text file as tokens: read and check the UTF-8, normalise, segment.
#include <cstddef>
#include <string>
#include <vector>

#include "lstmkit/text/normalizer.h"
#include "lstmkit/text/segmenter.h"
#include "lstmkit/text/utf8_reader.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::text {

struct TextOptions {
  Unit unit = Unit::grapheme;
  Normalization normalize = Normalization::nfc;
  InvalidUtf8 on_invalid = InvalidUtf8::error;
};

struct Corpus {
  std::vector<std::string> tokens;  // [T] in text order; concatenated they give the normalised text
  size_t replaced = 0;              // ill-formed UTF-8 sequences replaced by U+FFFD
};

// Errors as read_utf8_file gives them (missing file, "FILE:byte N" for invalid UTF-8). An empty file is
// an empty corpus: whether that is acceptable is the caller's decision.
Corpus read_corpus(const std::string& path, const TextOptions& options = {});

// A text in subword units (options.unit bpe or unigram): SentencePiece learns `subword` from the
// text's normalised lines, then each line is encoded with it. Newlines are not pieces.
struct SubwordCorpus {
  Vocab vocab;
  std::vector<std::string> tokens;  // [T] the pieces of every line, in text order
  size_t replaced = 0;
};
SubwordCorpus read_subword_corpus(const std::string& path, const TextOptions& options, const SubwordOptions& subword);

}  // namespace lstmkit::text
