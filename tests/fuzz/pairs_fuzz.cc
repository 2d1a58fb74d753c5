// Fuzzes the TSV sentence-pair reader the way `train-s2s` uses it: decode_utf8, data::parse_pairs,
// then tokenising both sides (char and word units), vocabularies built from them and encoding.
// The first byte of the input chooses the options; the rest is the file.
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "lstmkit/data/pairs.h"
#include "lstmkit/error.h"
#include "lstmkit/text/tokenizer.h"
#include "lstmkit/text/vocab.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lstmkit;
  static text::Tokenizer chars(text::Unit::grapheme, text::Normalization::nfc);
  static text::Tokenizer words(text::Unit::word, text::Normalization::none);

  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const uint8_t flags = fuzz::take_flags(bytes);
  data::PairsReadOptions options;
  options.skip_bad_lines = flags & 1;
  options.on_invalid = (flags & 2) ? text::InvalidUtf8::replace : text::InvalidUtf8::error;
  options.limit = (flags >> 2) & 3;  // 0: all
  const size_t max_len = (flags >> 4) & 7;

  data::PairsFile file;
  try {
    const text::Utf8Text clean = text::decode_utf8(bytes, "fuzz.tsv", options.on_invalid);
    file = data::parse_pairs(clean.text, "fuzz.tsv", options);
  } catch (const Error&) {
    return 0;
  }
  FUZZ_CHECK(!file.pairs.empty());
  if (options.limit > 0) FUZZ_CHECK(file.pairs.size() <= options.limit);
  for (size_t i = 0; i < file.pairs.size(); ++i) {
    const data::TextPair& p = file.pairs[i];
    FUZZ_CHECK(!p.source.empty());
    FUZZ_CHECK(p.source.find('\t') == std::string::npos && p.target.find('\t') == std::string::npos);
    FUZZ_CHECK(p.source.find('\n') == std::string::npos && p.target.find('\n') == std::string::npos);
    FUZZ_CHECK(p.line >= 1 && (i == 0 || file.pairs[i - 1].line < p.line));
  }

  const data::TokenizedPairs tokens = data::tokenize_pairs(file.pairs, chars, words, max_len);
  FUZZ_CHECK(tokens.pairs.size() + tokens.too_long == file.pairs.size());
  std::vector<size_t> all(tokens.pairs.size());
  std::iota(all.begin(), all.end(), size_t{0});
  const text::Vocab source =
      text::Vocab::build(data::count_tokens(tokens.pairs, all, false), text::Unit::grapheme, text::Normalization::nfc);
  const text::Vocab target = text::Vocab::build(data::count_tokens(tokens.pairs, all, true), text::Unit::word,
                                                text::Normalization::none, {.max_vocab = 8, .min_count = 1});
  const std::vector<data::IdPair> ids = data::encode_pairs(tokens.pairs, all, source, target);
  FUZZ_CHECK(ids.size() == tokens.pairs.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    FUZZ_CHECK(ids[i].source.size() == tokens.pairs[i].source.size());
    FUZZ_CHECK(ids[i].target.size() == tokens.pairs[i].target.size());
    for (int32_t id : ids[i].source) FUZZ_CHECK(id >= text::kSpecialCount && id < source.size());
    for (int32_t id : ids[i].target) FUZZ_CHECK(id >= text::kUnkId && id < target.size());
  }
  return 0;
}
