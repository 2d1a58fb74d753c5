#include "lstmkit/text/segmenter.h"

#include <cstdint>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "lstmkit/error.h"
#include "lstmkit/text/utf8_reader.h"

namespace lstmkit::text {

namespace {

// Bytes that one UTF-16 code unit stands for in UTF-8: a surrogate pair is one 4-byte code point,
// counted on its high half.
inline size_t utf8_bytes(char16_t unit) {
  if (unit < 0x80) return 1;
  if (unit < 0x800) return 2;
  if ((unit & 0xFC00) == 0xD800) return 4;
  if ((unit & 0xFC00) == 0xDC00) return 0;
  return 3;
}

}  // namespace

struct Segmenter::Impl {
  std::unique_ptr<icu::BreakIterator> iterator;
  // The text being segmented [UTF-16 units], kept here because the iterator holds a reference to it.
  icu::UnicodeString utf16;
};

Unit parse_unit(const std::string& name, const std::string& option) {
  if (name == "char") return Unit::grapheme;
  if (name == "word") return Unit::word;
  if (name == "bpe") return Unit::bpe;
  if (name == "unigram") return Unit::unigram;
  throw UsageError(option, "unknown unit '" + name + "'",
                   "use char (grapheme clusters), word (word-break segments), bpe or unigram (SentencePiece subwords)");
}

std::string unit_name(Unit unit) {
  switch (unit) {
    case Unit::word: return "word";
    case Unit::bpe: return "bpe";
    case Unit::unigram: return "unigram";
    case Unit::grapheme: break;
  }
  return "char";
}

bool is_subword(Unit unit) { return unit == Unit::bpe || unit == Unit::unigram; }

Segmenter::Segmenter(Unit unit) : unit_(unit), impl_(std::make_unique<Impl>()) {
  if (is_subword(unit))
    throw Error("text", unit_name(unit) + " pieces come from a trained SentencePiece model, not a segmenter",
                "tokenise with the vocabulary that holds the model");
  UErrorCode status = U_ZERO_ERROR;
  // The root locale: the default UAX #29 rules, identical on every machine whatever its LANG.
  const icu::Locale& root = icu::Locale::getRoot();
  impl_->iterator.reset(unit == Unit::word ? icu::BreakIterator::createWordInstance(root, status)
                                           : icu::BreakIterator::createCharacterInstance(root, status));
  if (U_FAILURE(status) || !impl_->iterator)
    throw Error("ICU", std::string("cannot create the ") + unit_name(unit) + " break iterator: " +
                           u_errorName(status),
                "check that the ICU data library (libicudata) is installed");
}

Segmenter::~Segmenter() = default;
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;

std::vector<std::string> Segmenter::segment(std::string_view text) {
  require_valid_utf8(text, "text");
  if (text.size() > static_cast<size_t>(INT32_MAX))
    throw Error("text", "too large for ICU (" + std::to_string(text.size()) + " bytes, limit 2 GiB)",
                "split the text into smaller files");
  // ICU's break iterators are fastest on UTF-16: convert once, then map each segment's UTF-16 length
  // back to a UTF-8 byte length and slice the original text (valid UTF-8 maps one to one).
  icu::UnicodeString& utf16 = impl_->utf16;
  utf16 = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const char16_t* units = utf16.getBuffer();
  icu::BreakIterator& it = *impl_->iterator;
  it.setText(utf16);

  std::vector<std::string> tokens;
  // A grapheme is at least one code unit; words average several.
  tokens.reserve(static_cast<size_t>(utf16.length()) / (unit_ == Unit::word ? 3 : 1) + 1);
  size_t byte = 0;
  int32_t start = it.first();
  for (int32_t end = it.next(); end != icu::BreakIterator::DONE; start = end, end = it.next()) {
    size_t length = 0;
    for (int32_t k = start; k < end; ++k) length += utf8_bytes(units[k]);
    tokens.emplace_back(text.data() + byte, length);
    byte += length;
  }
  return tokens;
}

}  // namespace lstmkit::text
