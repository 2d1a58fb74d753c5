#pragma once
// Cuts text into the tokens a model sees, with ICU's break iterators (Unicode UAX #29), so that a
// token is what a reader sees as one unit in any script: "が" written decomposed, "👍🏽", "👨‍👩‍👧",
// a Hangul syllable spelled as conjoining jamo, or a letter with combining accents is one `char` token.
// Tokens are slices of the input: concatenating them gives the text back byte for byte.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lstmkit::text {

enum class Unit {
  grapheme,  // "char": extended grapheme clusters (BreakIterator::createCharacterInstance)
  word,      // "word": word-break segments, spaces and punctuation included as tokens of their own
  bpe,       // "bpe": SentencePiece BPE pieces (text/subword.h), learnt from the training text
  unigram,   // "unigram": SentencePiece unigram-LM pieces, likewise
};

// Parses "char" | "word" | "bpe" | "unigram"; throws lstmkit::UsageError naming `option` otherwise.
Unit parse_unit(const std::string& name, const std::string& option = "`unit`");
// "char" | "word" | "bpe" | "unigram": the spelling used by options and vocabulary files.
std::string unit_name(Unit unit);
// bpe and unigram: units a Segmenter cannot cut, as they need a model learnt from the text.
bool is_subword(Unit unit);

// Owns one ICU break iterator, built once and reused for every call (building one costs far more than
// segmenting a line). Not thread-safe: use one Segmenter per thread.
class Segmenter {
 public:
  // `unit` is char or word (lstmkit::Error for a subword unit).
  explicit Segmenter(Unit unit);
  ~Segmenter();
  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;

  Unit unit() const { return unit_; }

  // `text` must be well-formed UTF-8 (lstmkit::Error at "text:byte N" otherwise). Empty text gives no
  // tokens; no token is empty.
  std::vector<std::string> segment(std::string_view text);

 private:
  struct Impl;
  Unit unit_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lstmkit::text
