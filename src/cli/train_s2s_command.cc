// `lstmkit train-s2s`: an encoder–decoder translator from TSV sentence pairs (source TAB target).
#include <algorithm>
#include <optional>
#include <utility>

#include "command.h"
#include "embedding_options.h"
#include "exit_codes.h"
#include "lstmkit/data/pair_split.h"
#include "lstmkit/data/pairs.h"
#include "lstmkit/error.h"
#include "lstmkit/format.h"
#include "lstmkit/io/output_directory.h"
#include "lstmkit/models/s2s_task.h"
#include "lstmkit/train/interrupt.h"
#include "lstmkit/train/trainer.h"
#include "memory_check.h"
#include "option_groups.h"
#include "precision_options.h"
#include "terminal_reporter.h"
#include "text_options.h"
#include "training_options.h"

namespace lstmkit::cli {

namespace {

// Keras' lstm_seq2seq shape (one LSTM layer of 256 each side, batch 64), trained with Adam.
const TrainingDefaults kDefaults{"lstm", 256, 1, 64, 20, "adam", 2e-3, 5.0};
// With attention, unless given: learned embeddings of this width (--attention's help says it) and a
// bidirectional encoder (the comparison behind this default is in the README's translate section).
constexpr int kAttentionEmbed = 256;
constexpr char kMemoryHint[] = "use a smaller --batch or --hidden, or drop long pairs with --max-len";

void declare(po::options_description& o) {
  add_options(o, OptionGroup::data)
      ("pairs", po::value<std::string>(), "TSV file of sentence pairs: source<TAB>target per line (more columns are ignored)",
       Need::required)
      ("val-pairs", po::value<std::string>(), "TSV file of validation pairs (default: hold out sources of --pairs at random)")
      ("val-frac", po::value<double>()->default_value(0.1, "0.1"),
       "fraction of the distinct source sentences, drawn at random with --seed, held out for validation with all their translations")
      ("val-sources", po::value<long long>(), "hold out exactly N source sentences (with all their translations) instead of --val-frac")
      ("write-split", po::value<std::string>(), "write the training and validation pairs to DIR/train.tsv and DIR/valid.tsv")
      ("limit", po::value<long long>()->default_value(0), "use only the first N pairs of --pairs (0: all)")
      ("max-len", po::value<long long>()->default_value(0), "drop pairs with a side longer than N tokens (0: keep all)")
      ("skip-bad-lines", po::bool_switch(), "skip lines without a tab instead of failing (the count is reported)");
  add_options(o, OptionGroup::model)
      ("reverse-source", po::value<bool>()->default_value(true, "true")->implicit_value(true),
       "the encoder reads each source backwards (Sutskever et al. 2014), which learns fra-eng much faster; "
       "--reverse-source false reads it in order, as Keras' lstm_seq2seq does")
      ("attention", po::value<std::string>()->default_value("luong"),
       "luong or bahdanau: an input-feeding attention decoder over the encoder's outputs (OpenNMT-py's), with "
       "--embed 256 and --bidirectional unless given; none: the seed's "
       "decoder, started from the encoder's final state (one-hot inputs, one direction unless given)")
      ("bidirectional", po::value<bool>()->implicit_value(true),
       "the encoder reads each source both ways; a learned bridge starts the decoder from both final states "
       "(default: true with attention, false without)");
  declare_text_options(o, Subwords::yes);
  declare_vocab_limits(o);
  declare_model_options(o, kDefaults);
  declare_embedding_options(o);
  declare_training_options(o, kDefaults);
  declare_label_smoothing_option(o);
  declare_validation_metric_options(o);
  declare_precision_option(o);
}

size_t non_negative(const po::variables_map& vm, const char* name) {
  const long long v = vm[name].as<long long>();
  if (v < 0) throw UsageError(std::string("--") + name, "must not be negative", "use 0 for no limit");
  return static_cast<size_t>(v);
}

data::PairsFile read_pairs_file(const std::string& path, const data::PairsReadOptions& options,
                                train::Reporter& reporter) {
  data::PairsFile file = data::read_pairs(path, options);
  if (file.bad_lines > 0)
    reporter.note("warning: skipped " + with_commas(file.bad_lines) + " lines of " + path + " without a tab");
  if (file.replaced > 0)
    reporter.note("warning: replaced " + with_commas(file.replaced) + " invalid UTF-8 sequences in " + path);
  return file;
}

std::vector<data::TextPair> select(const std::vector<data::TextPair>& pairs, const std::vector<size_t>& indices) {
  std::vector<data::TextPair> out;
  out.reserve(indices.size());
  for (size_t i : indices) out.push_back(pairs.at(i));
  return out;
}

std::vector<data::TokenPair> tokenize(const std::vector<data::TextPair>& pairs, text::Tokenizer& source,
                                      text::Tokenizer& target, size_t max_len, const std::string& what,
                                      train::Reporter& reporter) {
  data::TokenizedPairs t = data::tokenize_pairs(pairs, source, target, max_len);
  if (t.too_long > 0)
    reporter.note("dropped " + with_commas(t.too_long) + " " + what + " pairs longer than --max-len " +
                  std::to_string(max_len));
  if (t.pairs.empty() && !pairs.empty())
    throw Error(what + " pairs", "none is within --max-len " + std::to_string(max_len), "raise --max-len");
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

// The architecture options, defaults resolved: with attention the better model (learned embeddings, a
// bidirectional encoder) unless the user chose otherwise; without, the seed's.
struct Architecture {
  std::optional<nn::AttentionKind> attention;
  bool bidirectional = false;
};

Architecture read_architecture(const po::variables_map& vm, EmbeddingChoice& embedding) {
  Architecture a;
  const std::string name = vm["attention"].as<std::string>();
  if (name != "none") a.attention = nn::parse_attention(name, "--attention");
  a.bidirectional = vm.count("bidirectional") ? vm["bidirectional"].as<bool>() : a.attention.has_value();
  if (a.attention && !given(vm, "embed")) embedding.embed = kAttentionEmbed;
  return a;
}

std::vector<size_t> all_indices(size_t n) {
  std::vector<size_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

int run(const po::variables_map& vm) {
  if (!vm.count("pairs"))
    throw UsageError("train-s2s", "missing --pairs",
                     "give a TSV file of pairs, e.g. `lstmkit train-s2s --pairs fra-eng.tsv --out runs/s2s`");
  const text::TextOptions text_options = read_text_options(vm);
  const text::VocabLimits limits = read_vocab_limits(vm);
  ModelShape shape = read_model_shape(vm);
  shape.precision = read_precision(vm);
  EmbeddingChoice embedding = read_embedding_options(vm, shape.hidden);
  const Architecture architecture = read_architecture(vm, embedding);
  const train::TrainerOptions trainer_options = read_trainer_options(vm);
  const int batch = read_batch(vm);
  data::PairsReadOptions read_options;
  read_options.limit = non_negative(vm, "limit");
  read_options.skip_bad_lines = vm["skip-bad-lines"].as<bool>();
  read_options.on_invalid = text_options.on_invalid;
  const size_t max_len = non_negative(vm, "max-len");
  const bool separate_val = vm.count("val-pairs") > 0;
  data::SourceSplitOptions split_options{vm["val-frac"].as<double>(), 0, trainer_options.seed};
  if (vm.count("val-sources")) {
    if (given(vm, "val-frac"))
      throw UsageError("--val-sources", "cannot be combined with --val-frac", "hold out either a number or a fraction of the sources");
    const long long sources = vm["val-sources"].as<long long>();
    if (sources < 1) throw UsageError("--val-sources", "must be at least 1", "got " + std::to_string(sources));
    split_options.val_sources = static_cast<size_t>(sources);
  }
  for (const char* name : {"val-frac", "val-sources", "write-split"})
    if (separate_val && given(vm, name))
      throw UsageError(std::string("--") + name, "cannot be combined with --val-pairs", "choose one way to validate");
  if (vm.count("write-split")) io::check_output_directory(vm["write-split"].as<std::string>(), "--write-split");
  apply_threads(vm);

  TerminalReporter terminal;
  train::SilentReporter silent;
  train::Reporter& reporter = vm["quiet"].as<bool>() ? static_cast<train::Reporter&>(silent) : terminal;

  std::unique_ptr<models::Seq2Seq> model;
  // On --resume the options are the run's (cli/run_options.h): the pairs are read and split as they were.
  if (trainer_options.resume) model = models::Seq2Seq::load(train::last_model_path(trainer_options.out), shape.precision);
  const data::PairsFile file = read_pairs_file(vm["pairs"].as<std::string>(), read_options, reporter);
  std::vector<data::TextPair> train_text, val_text;
  if (separate_val) {
    train_text = file.pairs;
    data::PairsReadOptions val_options = read_options;
    val_options.limit = 0;
    val_text = read_pairs_file(vm["val-pairs"].as<std::string>(), val_options, reporter).pairs;
  } else {
    const data::PairSplit split = data::split_by_source(file.pairs, split_options);
    if (vm.count("write-split")) data::write_split(vm["write-split"].as<std::string>(), file.pairs, split);
    train_text = select(file.pairs, split.train);
    val_text = select(file.pairs, split.val);
  }

  // The vocabularies come first where tokens need them: the run's own on --resume, or subword models
  // learnt from the training pairs. char and word vocabularies are counted from the tokens.
  std::optional<std::pair<text::Vocab, text::Vocab>> vocabs;
  if (model) vocabs.emplace(model->source_vocab(), model->target_vocab());
  else if (text::is_subword(text_options.unit))
    vocabs = learn_subwords(train_text, text_options, read_subword_vocab_size(vm), trainer_options.seed, reporter);
  text::Tokenizer source_tokenizer = vocabs ? text::Tokenizer(vocabs->first) : text::Tokenizer(text_options.unit, text_options.normalize);
  text::Tokenizer target_tokenizer = vocabs ? text::Tokenizer(vocabs->second) : text::Tokenizer(text_options.unit, text_options.normalize);
  const std::vector<data::TokenPair> train_tokens = tokenize(train_text, source_tokenizer, target_tokenizer, max_len, "training", reporter);
  const std::vector<data::TokenPair> val_tokens = tokenize(val_text, source_tokenizer, target_tokenizer, max_len, "validation", reporter);
  const std::vector<size_t> all_train = all_indices(train_tokens.size());
  if (!vocabs)
    vocabs.emplace(text::Vocab::build(data::count_tokens(train_tokens, all_train, false), text_options.unit, text_options.normalize, limits),
                   text::Vocab::build(data::count_tokens(train_tokens, all_train, true), text_options.unit, text_options.normalize, limits));
  if (!model) {
    models::S2sConfig config{shape, vm["reverse-source"].as<bool>(), embedding.embed, embedding.tie,
                             architecture.attention, architecture.bidirectional};
    auto& [source, target] = *vocabs;
    // Per step: inputs, logits and their gradient, the stacks (the encoder twice when bidirectional);
    // with attention also the bank and its gradient, h, h̃, the context and the fed-back input, about 8·H.
    const long double per_step = input_floats_per_step(source.size(), embedding.embed) +
                                 input_floats_per_step(target.size(), embedding.embed) + 2.0L * target.size() +
                                 (architecture.bidirectional ? 3 : 2) * stack_floats_per_step(shape) +
                                 (architecture.attention ? 8.0L * shape.hidden : 0.0L);
    check_training_fits("train-s2s", models::Seq2Seq::parameter_shapes(config, source.size(), target.size()),
                        static_cast<long double>(batch) * std::max(longest_pair(train_tokens), longest_pair(val_tokens)) *
                            per_step,
                        kMemoryHint);
    model = std::make_unique<models::Seq2Seq>(std::move(source), std::move(target), config);
    Rng init_rng(trainer_options.seed);
    model->initialize(shape.init, init_rng);
  }
  const text::Vocab& sv = model->source_vocab();
  const text::Vocab& tv = model->target_vocab();
  std::vector<data::IdPair> train_pairs = data::encode_pairs(train_tokens, all_train, sv, tv);
  std::vector<data::IdPair> val_pairs = data::encode_pairs(val_tokens, all_indices(val_tokens.size()), sv, tv);
  const models::S2sConfig& c = model->config();
  reporter.note("train-s2s: " + with_commas(train_pairs.size()) + " training pairs, " +
                with_commas(val_pairs.size()) + " validation pairs; vocabulary " + std::to_string(sv.size()) +
                " source, " + std::to_string(tv.size()) + " target; " + nn::cell_name(c.cell) + " " +
                std::to_string(c.layers) + "x" + std::to_string(c.hidden) +
                (c.bidirectional ? " bidirectional encoder" : "") +
                (c.attention ? ", " + nn::attention_name(*c.attention) + " attention" : "") +
                (c.embed > 0 ? ", embeddings " + std::to_string(c.embed) : "") +
                (c.reverse_source ? " (source reversed)" : "") + ", " +
                with_commas(model->parameters().size()) + " parameters");
  models::S2sTask task(*model, std::move(train_pairs), std::move(val_pairs), static_cast<size_t>(batch));
  task.set_validation_references(data::references_by_source(val_text, all_indices(val_text.size())));

  train::catch_interrupts();
  reporter.note(precision_line(shape.precision));
  train::Trainer trainer(task, trainer_options, reporter);
  const train::TrainResult result = trainer.run();
  if (result.outcome == train::TrainOutcome::interrupted) return kExitInterrupted;
  const std::string best = train::best_model_path(trainer_options.out).string();
  reporter.note("done: best model " + best +
                (result.best_val ? " (validation loss " + std::to_string(*result.best_val) + ")" : ""));
  if (vm["verbose"].as<bool>()) reporter.note("oneDNN primitive shapes built: " + std::to_string(model->cached_shapes()));
  note_next_commands(reporter, {"lstmkit translate --model " + shell_word(best) + "  # one sentence per line on stdin",
                                "lstmkit eval --model " + shell_word(best) + " --pairs " +
                                    shell_word(vm[separate_val ? "val-pairs" : "pairs"].as<std::string>())});
  return kExitOk;
}

}  // namespace

Command train_s2s_command() {
  return Command{"train-s2s", "train a sequence-to-sequence translator on TSV sentence pairs", declare, run, "", 0,
                 kMemoryHint};
}

}  // namespace lstmkit::cli
