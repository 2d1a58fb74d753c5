#pragma once
// Subword units (BPE or unigram) learnt by SentencePiece, kept as its serialized model so that the
// model travels inside a vocabulary (and so inside a checkpoint). The SentencePiece library stays
// behind this header.
//
// Trained so that lstmkit's own rules hold for its pieces:
//   - ids 0..3 are <pad> <unk> <s> </s>, as text::kPadId..kEosId;
//   - SentencePiece's normaliser is "identity" and keeps every space (lstmkit normalises before it), so
//     decode(encode(text)) gives the text back byte for byte when every character of it was seen in
//     training (character_coverage 1); an unseen character becomes <unk>, decoded as U+FFFD, and so
//     do a tab (SentencePiece's trainer never learns one; TSV pairs hold none) and U+2581 "▁" itself,
//     which decodes as a space;
//   - one thread and a fixed seed: the same sentences give the same model on every run.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lstmkit::text {

enum class SubwordKind { bpe, unigram };

struct SubwordOptions {
  SubwordKind kind = SubwordKind::bpe;
  int vocab_size = 8000;  // pieces, the 4 specials included; unigram treats it as a ceiling
  uint64_t seed = 1;
};

class SubwordModel {
 public:
  // Learns pieces from `sentences` (already normalised, valid UTF-8, without newlines; empty ones are
  // skipped). lstmkit::Error when SentencePiece refuses, e.g. fewer pieces than distinct characters.
  static SubwordModel train(const std::vector<std::string>& sentences, const SubwordOptions& options);
  // A serialized model as serialized() returned it, of `kind` (the proto's own record of it stays
  // inside SentencePiece). `source` names it in errors: a model that does not parse, or whose specials
  // are not lstmkit's, is an lstmkit::Error.
  static SubwordModel load(std::string serialized, SubwordKind kind, const std::string& source);

  ~SubwordModel();
  SubwordModel(SubwordModel&&) noexcept;
  SubwordModel& operator=(SubwordModel&&) noexcept;

  const std::string& serialized() const { return serialized_; }
  SubwordKind kind() const { return kind_; }
  // Piece of every id, id order: "<pad>", "<unk>", "<s>", "</s>", then pieces such as "▁le" ("▁" is
  // U+2581, SentencePiece's mark for a space).
  std::vector<std::string> pieces() const;

  // The pieces of `text`; a run of unseen characters is one piece outside pieces(). Thread-safe.
  std::vector<std::string> encode(std::string_view text) const;
  // Text of the ids: specials other than <unk> add nothing, <unk> adds U+FFFD. Ids must be in range.
  std::string decode(const std::vector<int>& ids) const;

 private:
  struct Impl;
  SubwordModel(std::unique_ptr<Impl> impl, std::string serialized, SubwordKind kind);
  std::unique_ptr<Impl> impl_;
  std::string serialized_;
  SubwordKind kind_ = SubwordKind::bpe;
};

}  // namespace lstmkit::text
