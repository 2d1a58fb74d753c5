#pragma once
// Token ↔ id mapping of a model, with the unit and normalisation its tokens were made with, so that a
// saved vocabulary tokenises new text the same way. The JSON form is ../shared/DESIGN.md's:
//   {"unit": "char"|"word", "normalize": "nfc"|"none", "tokens": ["<pad>", "<unk>", "<s>", "</s>", ...]}
// where a token's id is its index. JSON goes in and out as std::string, keeping the JSON library out of
// this header.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lstmkit/text/normalizer.h"
#include "lstmkit/text/segmenter.h"
#include "lstmkit/text/token_counts.h"

namespace lstmkit::text {

// Special tokens: always the first four ids, in this order.
inline constexpr int kPadId = 0;  // "<pad>": fills short sequences in a batch
inline constexpr int kUnkId = 1;  // "<unk>": any token outside the vocabulary
inline constexpr int kBosId = 2;  // "<s>": start of a sequence
inline constexpr int kEosId = 3;  // "</s>": end of a sequence
inline constexpr int kSpecialCount = 4;
inline constexpr std::array<std::string_view, kSpecialCount> kSpecialTokens = {"<pad>", "<unk>", "<s>", "</s>"};

class Vocab {
 public:
  // The four specials only (char, nfc).
  Vocab();

  // Specials, then counts.select(limits): descending count, ties in byte order. A counted token spelled
  // like a special, or an empty one, is an lstmkit::Error (segmentation never makes either).
  static Vocab build(const TokenCounts& counts, Unit unit, Normalization normalize,
                     const VocabLimits& limits = {});

  // Parses and checks DESIGN.md's JSON. `source` names it in errors (a file path, or e.g.
  // "checkpoint metadata 'vocab'"): not JSON, not an object, a missing or mistyped field, an unknown
  // unit or normalize value, the specials missing or out of place, an empty or duplicate token.
  static Vocab from_json(const std::string& json, const std::string& source);
  std::string to_json() const;

  // A standalone vocabulary file holding to_json(), written to `path`.tmp then renamed over `path`.
  static Vocab load(const std::string& path);
  void save(const std::string& path) const;

  Unit unit() const { return unit_; }
  Normalization normalization() const { return normalize_; }
  int size() const { return static_cast<int>(tokens_.size()); }  // V, specials included
  const std::vector<std::string>& tokens() const { return tokens_; }

  // lstmkit::Error unless 0 <= id < size().
  const std::string& token(int id) const;
  // kUnkId for a token outside the vocabulary.
  int id(std::string_view token) const;
  bool contains(std::string_view token) const;

  // One id per token. [T]
  std::vector<int> encode(const std::vector<std::string>& tokens) const;
  // Concatenates the ids' tokens: "<pad>", "<s>" and "</s>" add nothing, "<unk>" adds U+FFFD.
  // decode(encode(tokens)) restores the text of any tokens in the vocabulary exactly.
  std::string decode(const std::vector<int>& ids) const;
  // Row t is 1 at column ids[t] and 0 elsewhere, row-major. [T, V]
  std::vector<float> one_hot(const std::vector<int>& ids) const;

 private:
  Vocab(Unit unit, Normalization normalize, std::vector<std::string> tokens, const std::string& source);
  void check_id(int id) const;

  Unit unit_ = Unit::grapheme;
  Normalization normalize_ = Normalization::nfc;
  std::vector<std::string> tokens_;                                                  // [V] id → token
  std::unordered_map<std::string, int, TransparentStringHash, std::equal_to<>> ids_;  // token → id
};

}  // namespace lstmkit::text
