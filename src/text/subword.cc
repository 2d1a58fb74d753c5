#include "lstmkit/text/subword.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <unordered_map>

#include "lstmkit/error.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::text {

namespace {

// SentencePiece's statuses read "Internal: ./src/trainer_interface.cc(580) [condition] message": keep
// the message.
std::string status_message(const sentencepiece::util::Status& status) {
  const std::string text = status.ToString();
  const size_t end = text.rfind("] ");
  return end == std::string::npos ? text : text.substr(end + 2);
}

class Sentences : public sentencepiece::SentenceIterator {
 public:
  explicit Sentences(const std::vector<std::string>& sentences) : sentences_(sentences) { skip_empty(); }
  bool done() const override { return next_ >= sentences_.size(); }
  void Next() override {
    ++next_;
    skip_empty();
  }
  const std::string& value() const override { return sentences_[next_]; }
  sentencepiece::util::Status status() const override { return {}; }

 private:
  void skip_empty() {
    while (next_ < sentences_.size() && sentences_[next_].empty()) ++next_;
  }
  const std::vector<std::string>& sentences_;
  size_t next_ = 0;
};

}  // namespace

struct SubwordModel::Impl {
  sentencepiece::SentencePieceProcessor processor;
};

SubwordModel::SubwordModel(std::unique_ptr<Impl> impl, std::string serialized, SubwordKind kind)
    : impl_(std::move(impl)), serialized_(std::move(serialized)), kind_(kind) {}
SubwordModel::~SubwordModel() = default;
SubwordModel::SubwordModel(SubwordModel&&) noexcept = default;
SubwordModel& SubwordModel::operator=(SubwordModel&&) noexcept = default;

SubwordModel SubwordModel::train(const std::vector<std::string>& sentences, const SubwordOptions& options) {
  const std::unordered_map<std::string, std::string> spec = {
      {"model_type", options.kind == SubwordKind::bpe ? "bpe" : "unigram"},
      {"vocab_size", std::to_string(options.vocab_size)},
      // lstmkit's specials at lstmkit's ids, spelled as lstmkit spells them.
      {"pad_id", std::to_string(kPadId)},
      {"unk_id", std::to_string(kUnkId)},
      {"bos_id", std::to_string(kBosId)},
      {"eos_id", std::to_string(kEosId)},
      {"pad_piece", std::string(kSpecialTokens[kPadId])},
      {"unk_piece", std::string(kSpecialTokens[kUnkId])},
      {"bos_piece", std::string(kSpecialTokens[kBosId])},
      {"eos_piece", std::string(kSpecialTokens[kEosId])},
      {"unk_surface", "\xEF\xBF\xBD"},  // U+FFFD, as Vocab::decode writes <unk>
      // Exact round trips: no NFKC, no collapsed spaces, every character of the training text kept.
      {"normalization_rule_name", "identity"},
      {"remove_extra_whitespaces", "false"},
      {"character_coverage", "1.0"},
      // Unigram's pruning may stop short of the size asked for; BPE reaches it when the text allows.
      {"hard_vocab_limit", "false"},
      // Determinism: every sentence (no sampling), one thread (EM sums in a fixed order).
      {"input_sentence_size", "0"},
      {"shuffle_input_sentence", "false"},
      {"num_threads", "1"},
      {"minloglevel", "2"},  // SentencePiece's progress lines would drown the trainer's
  };
  // The seed is reserved at -1 (std::random_device); fold 64 bits into the 32 SentencePiece takes.
  unsigned int seed = static_cast<unsigned int>(options.seed ^ (options.seed >> 32));
  if (seed == static_cast<unsigned int>(-1)) seed = 0;
  sentencepiece::SetRandomGeneratorSeed(seed);
  Sentences iterator(sentences);
  if (iterator.done())
    throw Error("SentencePiece training", "no non-empty sentence to learn subword units from",
                "give training text with at least one non-empty line");
  std::string serialized;
  const auto status = sentencepiece::SentencePieceTrainer::Train(spec, &iterator, &serialized);
  if (!status.ok())
    throw Error("SentencePiece training", status_message(status),
                "choose a vocabulary size that SentencePiece accepts for this text");
  return load(std::move(serialized), options.kind, "SentencePiece training");
}

SubwordModel SubwordModel::load(std::string serialized, SubwordKind kind, const std::string& source) {
  auto impl = std::make_unique<Impl>();
  const auto status = impl->processor.LoadFromSerializedProto(serialized);
  const char* const hint = "the SentencePiece model is damaged; retrain the model or restore the file";
  if (!status.ok()) throw Error(source, "not a SentencePiece model: " + status_message(status), hint);
  const auto& p = impl->processor;
  if (p.GetPieceSize() < kSpecialCount || p.pad_id() != kPadId || p.unk_id() != kUnkId || p.bos_id() != kBosId ||
      p.eos_id() != kEosId)
    throw Error(source, "the SentencePiece model's <pad> <unk> <s> </s> are not ids 0 to 3", hint);
  return SubwordModel(std::move(impl), std::move(serialized), kind);
}

std::vector<std::string> SubwordModel::pieces() const {
  const auto& p = impl_->processor;
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(p.GetPieceSize()));
  for (int id = 0; id < p.GetPieceSize(); ++id) out.push_back(p.IdToPiece(id));
  return out;
}

std::vector<std::string> SubwordModel::encode(std::string_view text) const {
  std::vector<std::string> pieces;
  const auto status = impl_->processor.Encode(text, &pieces);
  if (!status.ok())
    throw Error("SentencePiece", "cannot encode the text: " + status_message(status), "check the model");
  return pieces;
}

std::string SubwordModel::decode(const std::vector<int>& ids) const {
  std::string text;
  const auto status = impl_->processor.Decode(ids, &text);
  if (!status.ok())
    throw Error("SentencePiece", "cannot decode the ids: " + status_message(status), "check the model");
  return text;
}

}  // namespace lstmkit::text
