#include "lstmkit/jobs/train_s2s.h"

#include <algorithm>
#include <utility>

#include "epoch_observer.h"
#include "lstmkit/data/pair_split.h"
#include "lstmkit/error.h"
#include "lstmkit/format.h"
#include "lstmkit/io/output_directory.h"
#include "lstmkit/models/s2s_task.h"
#include "lstmkit/nn/precision.h"
#include "lstmkit/optim/config.h"
#include "lstmkit/text/subword.h"

namespace lstmkit::jobs {

namespace {

// Learned embeddings with attention, unless given (the README's translate section has the comparison).
constexpr int kAttentionEmbed = 256;
constexpr int kMaxPieces = 1'000'000;

using ObservedS2sTask = ObservedTask<models::S2sTask>;

data::PairsFile read_pairs(const PairsInput& input, const data::PairsReadOptions& options, const std::string& field,
                           train::Reporter& reporter) {
  data::PairsFile file = read_pairs_input(input, options, field);
  if (file.bad_lines > 0)
    reporter.note("warning: skipped " + with_commas(file.bad_lines) + " lines of " + input.name() + " without a tab");
  if (file.replaced > 0)
    reporter.note("warning: replaced " + with_commas(file.replaced) + " invalid UTF-8 sequences in " + input.name());
  return file;
}

std::vector<data::TextPair> select(const std::vector<data::TextPair>& pairs, const std::vector<size_t>& indices) {
  std::vector<data::TextPair> out;
  out.reserve(indices.size());
  for (size_t i : indices) out.push_back(pairs.at(i));
  return out;
}

std::vector<size_t> all_indices(size_t n) {
  std::vector<size_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

std::vector<data::TokenPair> tokenize(const std::vector<data::TextPair>& pairs, text::Tokenizer& source,
                                      text::Tokenizer& target, size_t max_len, const std::string& what,
                                      train::Reporter& reporter) {
  data::TokenizedPairs t = data::tokenize_pairs(pairs, source, target, max_len);
  if (t.too_long > 0)
    reporter.note("dropped " + with_commas(t.too_long) + " " + what + " pairs longer than `max_len` " +
                  std::to_string(max_len));
  if (t.pairs.empty() && !pairs.empty())
    throw Error("`max_len`", "none of the " + what + " pairs is within `max_len` " + std::to_string(max_len),
                "raise `max_len`");
  return std::move(t.pairs);
}

// One SentencePiece model per side, each learnt from that side of the training pairs only: the source
// and target languages get pieces sized for themselves, and the decoder's softmax covers target pieces
// only (separate models, as Marian's and OpenNMT's en-fr recipes use).
std::pair<text::Vocab, text::Vocab> learn_subwords(const std::vector<data::TextPair>& train, const text::TextOptions& t,
                                                   int vocab_size, uint64_t seed, train::Reporter& reporter) {
  std::vector<std::string> sources, targets;
  for (const data::TextPair& p : train) {
    sources.push_back(text::normalize(p.source, t.normalize));
    targets.push_back(text::normalize(p.target, t.normalize));
  }
  const text::SubwordOptions options{t.unit == text::Unit::bpe ? text::SubwordKind::bpe : text::SubwordKind::unigram,
                                     vocab_size, seed};
  reporter.note("learning " + text::unit_name(t.unit) + " units (" + std::to_string(vocab_size) +
                " pieces per side) from " + with_commas(train.size()) + " training pairs");
  return {text::Vocab::from_subword(text::SubwordModel::train(sources, options), t.normalize),
          text::Vocab::from_subword(text::SubwordModel::train(targets, options), t.normalize)};
}

// Tokens of the longest pair, both sides and </s>: the most steps a batch of them can take.
size_t longest_pair(const std::vector<data::TokenPair>& pairs) {
  size_t longest = 0;
  for (const data::TokenPair& p : pairs) longest = std::max(longest, p.source.size() + p.target.size() + 1);
  return longest;
}

std::string describe(const models::Seq2Seq& model, size_t train_pairs, size_t val_pairs) {
  const models::S2sConfig& c = model.config();
  return "train-s2s: " + with_commas(train_pairs) + " training pairs, " + with_commas(val_pairs) +
         " validation pairs; vocabulary " + std::to_string(model.source_vocab().size()) + " source, " +
         std::to_string(model.target_vocab().size()) + " target; " + nn::cell_name(c.cell) + " " +
         std::to_string(c.layers) + "x" + std::to_string(c.hidden) + (c.bidirectional ? " bidirectional encoder" : "") +
         (c.attention ? ", " + nn::attention_name(*c.attention) + " attention" : "") +
         (c.embed > 0 ? ", embeddings " + std::to_string(c.embed) : "") + (c.reverse_source ? " (source reversed)" : "") +
         ", " + with_commas(model.parameters().size()) + " parameters";
}

}  // namespace

models::S2sConfig default_s2s_model(std::optional<nn::AttentionKind> attention) {
  models::S2sConfig c;
  c.cell = nn::CellKind::lstm;
  c.hidden = 256;
  c.layers = 1;
  c.reverse_source = true;
  c.attention = attention;
  c.bidirectional = attention.has_value();
  c.embed = attention ? kAttentionEmbed : 0;
  return c;
}

void resolve_s2s_defaults(models::S2sConfig& model, bool embed_given, bool bidirectional_given) {
  const models::S2sConfig defaults = default_s2s_model(model.attention);
  if (!bidirectional_given) model.bidirectional = defaults.bidirectional;
  if (!embed_given) model.embed = model.tie_embeddings ? model.hidden : defaults.embed;
}

void validate(const S2sTrainConfig& c) {
  if (c.batch <= 0) throw UsageError("`batch`", "must be a positive integer", "got " + std::to_string(c.batch));
  if (c.model.hidden <= 0) throw UsageError("`hidden`", "must be a positive integer", "got " + std::to_string(c.model.hidden));
  if (c.model.layers <= 0) throw UsageError("`layers`", "must be a positive integer", "got " + std::to_string(c.model.layers));
  if (!(c.model.dropout >= 0.0f && c.model.dropout < 1.0f))
    throw UsageError("`dropout`", "must be in [0, 1)", "got " + std::to_string(c.model.dropout));
  if (c.model.embed < 0) throw UsageError("`embed`", "must not be negative", "use 0 for one-hot inputs");
  if (c.model.tie_embeddings && c.model.embed != c.model.hidden)
    throw UsageError("`tie_embeddings`",
                     "needs `embed` equal to `hidden` (the tied table is the output layer's weight [V, H]); got `embed` " +
                         std::to_string(c.model.embed) + " and `hidden` " + std::to_string(c.model.hidden),
                     "give `embed` " + std::to_string(c.model.hidden) + ", or leave out `tie_embeddings`");
  if (!(c.val_frac >= 0 && c.val_frac < 1))
    throw UsageError("`val_frac`", "must be in [0, 1)", "got " + std::to_string(c.val_frac));
  if (c.val_pairs.given()) {
    if (c.val_sources > 0)
      throw UsageError("`val_sources`", "cannot be combined with `val_pairs`", "choose one way to validate");
    if (!c.write_split.empty())
      throw UsageError("`write_split`", "cannot be combined with `val_pairs`", "choose one way to validate");
  }
  if (text::is_subword(c.text.unit) && (c.vocab_size <= text::kSpecialCount || c.vocab_size > kMaxPieces))
    throw UsageError("`vocab_size`",
                     "must be between " + std::to_string(text::kSpecialCount + 1) + " and " + std::to_string(kMaxPieces),
                     "got " + std::to_string(c.vocab_size));
  train::validate(c.trainer);
}

TrainS2sResult train_s2s(const S2sTrainConfig& c, train::Reporter& reporter) {
  validate(c);
  train::check_output_dir(c.trainer);
  if (!c.write_split.empty()) io::check_output_directory(c.write_split, "`write_split`");
  TrainS2sResult result;
  std::unique_ptr<models::Seq2Seq>& model = result.model;
  // Resuming, the model and its vocabularies are the run's: the pairs are read and split as they were.
  if (c.trainer.resume) model = models::Seq2Seq::load(train::last_model_path(c.trainer.out), c.model.precision);
  data::PairsReadOptions read_options;
  read_options.limit = c.limit;
  read_options.skip_bad_lines = c.skip_bad_lines;
  read_options.on_invalid = c.text.on_invalid;
  const data::PairsFile file = read_pairs(c.pairs, read_options, "pairs", reporter);
  std::vector<data::TextPair> train_text, val_text;
  if (c.val_pairs.given()) {
    train_text = file.pairs;
    data::PairsReadOptions val_options = read_options;
    val_options.limit = 0;
    val_text = read_pairs(c.val_pairs, val_options, "val_pairs", reporter).pairs;
  } else {
    const data::PairSplit split = data::split_by_source(file.pairs, {c.val_frac, c.val_sources, c.trainer.seed});
    if (!c.write_split.empty()) data::write_split(c.write_split, file.pairs, split);
    train_text = select(file.pairs, split.train);
    val_text = select(file.pairs, split.val);
  }

  // The vocabularies come first where tokens need them: the run's own on resume, or subword models
  // learnt from the training pairs. char and word vocabularies are counted from the tokens.
  std::optional<std::pair<text::Vocab, text::Vocab>> vocabs;
  if (model) vocabs.emplace(model->source_vocab(), model->target_vocab());
  else if (text::is_subword(c.text.unit))
    vocabs = learn_subwords(train_text, c.text, c.vocab_size, c.trainer.seed, reporter);
  text::Tokenizer source_tokenizer = vocabs ? text::Tokenizer(vocabs->first) : text::Tokenizer(c.text.unit, c.text.normalize);
  text::Tokenizer target_tokenizer = vocabs ? text::Tokenizer(vocabs->second) : text::Tokenizer(c.text.unit, c.text.normalize);
  const std::vector<data::TokenPair> train_tokens =
      tokenize(train_text, source_tokenizer, target_tokenizer, c.max_len, "training", reporter);
  const std::vector<data::TokenPair> val_tokens =
      tokenize(val_text, source_tokenizer, target_tokenizer, c.max_len, "validation", reporter);
  const std::vector<size_t> all_train = all_indices(train_tokens.size());
  if (!vocabs)
    vocabs.emplace(
        text::Vocab::build(data::count_tokens(train_tokens, all_train, false), c.text.unit, c.text.normalize, c.vocab_limits),
        text::Vocab::build(data::count_tokens(train_tokens, all_train, true), c.text.unit, c.text.normalize, c.vocab_limits));
  if (!model) {
    auto& [source, target] = *vocabs;
    if (c.before_building)
      c.before_building(c.model, source.size(), target.size(), std::max(longest_pair(train_tokens), longest_pair(val_tokens)));
    model = std::make_unique<models::Seq2Seq>(std::move(source), std::move(target), c.model);
    Rng init_rng(c.trainer.seed);
    model->initialize(c.init, init_rng);
  }
  const text::Vocab& sv = model->source_vocab();
  const text::Vocab& tv = model->target_vocab();
  std::vector<data::IdPair> train_pairs = data::encode_pairs(train_tokens, all_train, sv, tv);
  std::vector<data::IdPair> val_pairs = data::encode_pairs(val_tokens, all_indices(val_tokens.size()), sv, tv);
  result.train_pairs = train_pairs.size();
  result.val_pairs = val_pairs.size();
  reporter.note(describe(*model, train_pairs.size(), val_pairs.size()));
  ObservedS2sTask task(*model, std::move(train_pairs), std::move(val_pairs), static_cast<size_t>(c.batch));
  task.set_validation_references(data::references_by_source(val_text, all_indices(val_text.size())));
  reporter.note("precision " + nn::precision_name(c.model.precision) + " (oneDNN ISA " + nn::cpu_isa_name() + ")");
  EpochObserver observer(reporter, task, c.on_epoch);
  train::Trainer trainer(task, c.trainer, observer);
  result.run = trainer.run();
  result.best_model = train::best_model_path(c.trainer.out);
  return result;
}

}  // namespace lstmkit::jobs
