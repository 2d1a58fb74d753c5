#pragma once
// Sentence pairs for sequence-to-sequence models, read from a TSV file: `source TAB target` per line,
// further columns ignored (fra-eng.tsv from manythings.org has an attribution column in its newer
// versions). Then, in this order: split off a validation set by source sentence (data/pair_split.h),
// tokenise both sides, drop pairs longer than --max-len (counted), encode.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lstmkit/text/tokenizer.h"
#include "lstmkit/text/utf8_reader.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::data {

struct TextPair {
  std::string source;
  std::string target;
  size_t line = 0;  // 1-based line of the file it came from
};

struct PairsReadOptions {
  size_t limit = 0;             // keep only the first `limit` pairs (0: all); later lines are not read
  bool skip_bad_lines = false;  // skip lines without a tab (or with an empty source) instead of failing
  text::InvalidUtf8 on_invalid = text::InvalidUtf8::error;
};

struct PairsFile {
  std::vector<TextPair> pairs;
  size_t bad_lines = 0;  // skipped under skip_bad_lines
  size_t replaced = 0;   // ill-formed UTF-8 sequences replaced by U+FFFD
};

// Reads `path` (UTF-8; BOM dropped, CRLF accepted, the last line may lack its newline). Empty lines are
// ignored. A line without a tab, or whose source is empty, is an lstmkit::Error at "FILE:LINE" unless
// options.skip_bad_lines. A file with no pair at all is an lstmkit::Error too.
PairsFile read_pairs(const std::string& path, const PairsReadOptions& options = {});
// The same for text already in memory; `source` names it in errors.
PairsFile parse_pairs(std::string_view text, const std::string& source, const PairsReadOptions& options = {});

// Indices of the pairs for training and validation, each list in increasing order (data/pair_split.h
// draws them).
struct PairSplit {
  std::vector<size_t> train;
  std::vector<size_t> val;
};

struct TokenPair {
  std::vector<std::string> source;  // [T_s] tokens
  std::vector<std::string> target;  // [T_t] tokens
};

struct TokenizedPairs {
  std::vector<TokenPair> pairs;  // in file order, the long ones removed
  size_t too_long = 0;           // pairs dropped because a side had more than max_len tokens
};

// Tokenises both sides with their tokenizers; max_len 0 keeps every pair.
TokenizedPairs tokenize_pairs(const std::vector<TextPair>& pairs, text::Tokenizer& source,
                              text::Tokenizer& target, size_t max_len = 0);

// A pair as ids: tokens outside a vocabulary become <unk> (text::kUnkId).
struct IdPair {
  std::vector<int32_t> source;  // [T_s]
  std::vector<int32_t> target;  // [T_t], without <s> or </s>
};

// pairs[indices[i]] encoded with the two vocabularies.
std::vector<IdPair> encode_pairs(const std::vector<TokenPair>& pairs, const std::vector<size_t>& indices,
                                 const text::Vocab& source, const text::Vocab& target);

// Counts of the tokens on one side of pairs[indices[i]], to build that side's vocabulary from.
text::TokenCounts count_tokens(const std::vector<TokenPair>& pairs, const std::vector<size_t>& indices,
                               bool target_side);

}  // namespace lstmkit::data
