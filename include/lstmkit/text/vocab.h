#pragma once
// Token ↔ id mapping of a model, with the unit and normalisation its tokens were made with, so that a
// saved vocabulary tokenises new text the same way. The JSON form is ../shared/DESIGN.md's:
//   {"unit": "char"|"word", "normalize": "nfc"|"none", "tokens": ["<pad>", "<unk>", "<s>", "</s>", ...]}
// where a token's id is its index. A subword vocabulary ("unit": "bpe"|"unigram") also holds its
// SentencePiece model, base64 of the serialized proto, as "sentencepiece"; its tokens are the model's
// pieces in id order (checked on load), so the ids are SentencePiece's. JSON goes in and out as
// std::string, keeping the JSON library out of this header.
#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lstmkit/text/normalizer.h"
#include "lstmkit/text/segmenter.h"
#include "lstmkit/text/subword.h"
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
  // like a special, or an empty one, is an lstmkit::Error (segmentation never makes either), and so is a
  // subword unit (see from_subword).
  static Vocab build(const TokenCounts& counts, Unit unit, Normalization normalize,
                     const VocabLimits& limits = {});
  // The pieces of a trained SentencePiece model (unit bpe or unigram, after its kind); `normalize` is
  // what the model's training text was normalised with.
  static Vocab from_subword(SubwordModel model, Normalization normalize);

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
  // The SentencePiece model of a bpe or unigram vocabulary; null for char and word.
  const std::shared_ptr<const SubwordModel>& subword() const { return subword_; }

  // lstmkit::Error unless 0 <= id < size().
  const std::string& token(int id) const;
  // kUnkId for a token outside the vocabulary.
  int id(std::string_view token) const;
  bool contains(std::string_view token) const;

  // One id per token. [T]
  std::vector<int> encode(const std::vector<std::string>& tokens) const;
  // Concatenates the ids' tokens: "<pad>", "<s>" and "</s>" add nothing, "<unk>" adds U+FFFD.
  // decode(encode(tokens)) restores the text of any tokens in the vocabulary exactly. Subword pieces are
  // joined by their model ("▁" back to spaces).
  std::string decode(const std::vector<int>& ids) const;
  // Row t is 1 at column ids[t] and 0 elsewhere, row-major. [T, V]
  std::vector<float> one_hot(const std::vector<int>& ids) const;

 private:
  Vocab(Unit unit, Normalization normalize, std::vector<std::string> tokens, const std::string& source,
        std::shared_ptr<const SubwordModel> subword = nullptr);
  void check_id(int id) const;

  Unit unit_ = Unit::grapheme;
  Normalization normalize_ = Normalization::nfc;
  std::vector<std::string> tokens_;                                                  // [V] id → token
  std::unordered_map<std::string, int, TransparentStringHash, std::equal_to<>> ids_;  // token → id
  std::shared_ptr<const SubwordModel> subword_;  // shared by copies: it never changes once loaded
};

}  // namespace lstmkit::text
