// `lstmkit train-s2s`: an encoder–decoder translator from TSV sentence pairs (source TAB target).
#include <algorithm>

#include "command.h"
#include "embedding_options.h"
#include "exit_codes.h"
#include "lstmkit/data/pairs.h"
#include "lstmkit/error.h"
#include "lstmkit/format.h"
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
constexpr char kMemoryHint[] = "use a smaller --batch or --hidden, or drop long pairs with --max-len";

void declare(po::options_description& o) {
  add_options(o, OptionGroup::data)
      ("pairs", po::value<std::string>(), "TSV file of sentence pairs: source<TAB>target per line (more columns are ignored)",
       Need::required)
      ("val-pairs", po::value<std::string>(), "TSV file of validation pairs (default: draw --val-frac of --pairs at random)")
      ("val-frac", po::value<double>()->default_value(0.1, "0.1"), "fraction of the pairs, drawn at random with --seed, held out for validation")
      ("limit", po::value<long long>()->default_value(0), "use only the first N pairs of --pairs (0: all)")
      ("max-len", po::value<long long>()->default_value(0), "drop pairs with a side longer than N tokens (0: keep all)")
      ("skip-bad-lines", po::bool_switch(), "skip lines without a tab instead of failing (the count is reported)");
  add_options(o, OptionGroup::model)
      ("reverse-source", po::value<bool>()->default_value(true, "true")->implicit_value(true),
       "the encoder reads each source backwards (Sutskever et al. 2014), which learns fra-eng much faster; "
       "--reverse-source false reads it in order, as Keras' lstm_seq2seq does");
  declare_text_options(o);
  declare_vocab_limits(o);
  declare_model_options(o, kDefaults);
  declare_embedding_options(o);
  declare_training_options(o, kDefaults);
  declare_precision_option(o);
}

size_t non_negative(const po::variables_map& vm, const char* name) {
  const long long v = vm[name].as<long long>();
  if (v < 0) throw UsageError(std::string("--") + name, "must not be negative", "use 0 for no limit");
  return static_cast<size_t>(v);
}

struct Tokenized {
  std::vector<data::TokenPair> pairs;
  size_t read = 0;
};

Tokenized read_tokenized(const std::string& path, const data::PairsReadOptions& options,
                         const text::TextOptions& text_options, size_t max_len, train::Reporter& reporter) {
  const data::PairsFile file = data::read_pairs(path, options);
  if (file.bad_lines > 0)
    reporter.note("warning: skipped " + with_commas(file.bad_lines) + " lines of " + path + " without a tab");
  if (file.replaced > 0)
    reporter.note("warning: replaced " + with_commas(file.replaced) + " invalid UTF-8 sequences in " + path);
  text::Tokenizer source(text_options.unit, text_options.normalize), target(text_options.unit, text_options.normalize);
  data::TokenizedPairs t = data::tokenize_pairs(file.pairs, source, target, max_len);
  if (t.too_long > 0)
    reporter.note("dropped " + with_commas(t.too_long) + " pairs of " + path + " longer than --max-len " +
                  std::to_string(max_len));
  if (t.pairs.empty()) throw Error(path, "has no pair within --max-len", "raise --max-len");
  return {std::move(t.pairs), file.pairs.size()};
}

// Tokens of the longest pair, both sides and </s>: the most steps a batch of them can take.
size_t longest_pair(const std::vector<data::TokenPair>& pairs) {
  size_t longest = 0;
  for (const data::TokenPair& p : pairs) longest = std::max(longest, p.source.size() + p.target.size() + 1);
  return longest;
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
  const EmbeddingChoice embedding = read_embedding_options(vm, shape.hidden);
  const train::TrainerOptions trainer_options = read_trainer_options(vm);
  const int batch = read_batch(vm);
  data::PairsReadOptions read_options;
  read_options.limit = non_negative(vm, "limit");
  read_options.skip_bad_lines = vm["skip-bad-lines"].as<bool>();
  read_options.on_invalid = text_options.on_invalid;
  const size_t max_len = non_negative(vm, "max-len");
  const double val_frac = vm["val-frac"].as<double>();
  const bool separate_val = vm.count("val-pairs") > 0;
  if (separate_val && given(vm, "val-frac"))
    throw UsageError("--val-frac", "cannot be combined with --val-pairs", "choose one way to validate");
  apply_threads(vm);

  TerminalReporter terminal;
  train::SilentReporter silent;
  train::Reporter& reporter = vm["quiet"].as<bool>() ? static_cast<train::Reporter&>(silent) : terminal;

  std::unique_ptr<models::Seq2Seq> model;
  // On --resume the options are the run's (cli/run_options.h): the pairs are read and split as they were.
  if (trainer_options.resume) model = models::Seq2Seq::load(train::last_model_path(trainer_options.out), shape.precision);
  const std::string path = vm["pairs"].as<std::string>();
  Tokenized corpus = read_tokenized(path, read_options, text_options, max_len, reporter);
  data::PairSplit split;
  Tokenized val;
  if (separate_val) {
    data::PairsReadOptions val_options = read_options;
    val_options.limit = 0;
    val = read_tokenized(vm["val-pairs"].as<std::string>(), val_options, text_options, max_len, reporter);
    split.train = all_indices(corpus.pairs.size());
  } else {
    split = data::split_pairs(corpus.pairs.size(), val_frac, trainer_options.seed);
  }
  if (!model) {
    models::S2sConfig config{shape, vm["reverse-source"].as<bool>(), embedding.embed, embedding.tie};
    text::Vocab source = text::Vocab::build(data::count_tokens(corpus.pairs, split.train, false), text_options.unit,
                                            text_options.normalize, limits);
    text::Vocab target = text::Vocab::build(data::count_tokens(corpus.pairs, split.train, true), text_options.unit,
                                            text_options.normalize, limits);
    check_training_fits("train-s2s", models::Seq2Seq::parameter_shapes(config, source.size(), target.size()),
                        static_cast<long double>(batch) * longest_pair(corpus.pairs) *
                            (input_floats_per_step(source.size(), embedding.embed) +
                             input_floats_per_step(target.size(), embedding.embed) + 2.0L * target.size() +
                             2 * stack_floats_per_step(shape)),
                        kMemoryHint);
    model = std::make_unique<models::Seq2Seq>(std::move(source), std::move(target), config);
    Rng init_rng(trainer_options.seed);
    model->initialize(shape.init, init_rng);
  }
  const text::Vocab& sv = model->source_vocab();
  const text::Vocab& tv = model->target_vocab();
  std::vector<data::IdPair> train_pairs = data::encode_pairs(corpus.pairs, split.train, sv, tv);
  std::vector<data::IdPair> val_pairs = separate_val ? data::encode_pairs(val.pairs, all_indices(val.pairs.size()), sv, tv)
                                                     : data::encode_pairs(corpus.pairs, split.val, sv, tv);
  const models::S2sConfig& c = model->config();
  reporter.note("train-s2s: " + with_commas(train_pairs.size()) + " training pairs, " +
                with_commas(val_pairs.size()) + " validation pairs; vocabulary " + std::to_string(sv.size()) +
                " source, " + std::to_string(tv.size()) + " target; " + nn::cell_name(c.cell) + " " +
                std::to_string(c.layers) + "x" + std::to_string(c.hidden) +
                (c.reverse_source ? " (source reversed)" : "") + ", " +
                with_commas(model->parameters().size()) + " parameters");
  models::S2sTask task(*model, std::move(train_pairs), std::move(val_pairs), static_cast<size_t>(batch));

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
