// `lstmkit train-lm`: a character- or word-level language model from UTF-8 text files.
#include <iostream>

#include "command.h"
#include "embedding_options.h"
#include "exit_codes.h"
#include "lstmkit/data/lm_batches.h"
#include "lstmkit/error.h"
#include "lstmkit/models/lm_task.h"
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

const TrainingDefaults kDefaults{};  // lstm 2×256, batch 64, Adam 2e-3, clip 5, 20 epochs
constexpr char kMemoryHint[] = "use a smaller --batch, --hidden or --seq-len";

void declare(po::options_description& o) {
  add_options(o, OptionGroup::data)
      ("text", po::value<std::vector<std::string>>()->composing(), "UTF-8 text file to learn from (repeatable: files are concatenated)",
       Need::required)
      ("seq-len", po::value<int>()->default_value(100), "time steps per window (T); state is carried between windows")
      ("val-frac", po::value<double>()->default_value(0.1), "fraction of the text, at its end, held out for validation");
  declare_text_options(o);
  declare_vocab_limits(o);
  declare_model_options(o, kDefaults);
  declare_embedding_options(o);
  declare_training_options(o, kDefaults);
  declare_precision_option(o);
}

struct Corpus {
  std::vector<std::string> tokens;
  size_t replaced = 0;
};

Corpus read_texts(const std::vector<std::string>& paths, const text::TextOptions& options) {
  Corpus all;
  for (const auto& path : paths) {
    text::Corpus c = text::read_corpus(path, options);
    all.replaced += c.replaced;
    all.tokens.insert(all.tokens.end(), std::make_move_iterator(c.tokens.begin()),
                      std::make_move_iterator(c.tokens.end()));
  }
  if (all.tokens.empty())
    throw Error(paths.front(), "has no text to learn from", "give a non-empty UTF-8 text file");
  return all;
}

int run(const po::variables_map& vm) {
  if (!vm.count("text"))
    throw UsageError("train-lm", "missing --text", "give a UTF-8 text file, e.g. `lstmkit train-lm --text input.txt --out runs/lm`");
  const auto paths = vm["text"].as<std::vector<std::string>>();
  const text::TextOptions text_options = read_text_options(vm);
  const text::VocabLimits limits = read_vocab_limits(vm);
  ModelShape shape = read_model_shape(vm);
  shape.precision = read_precision(vm);
  const EmbeddingChoice embedding = read_embedding_options(vm, shape.hidden);
  const train::TrainerOptions trainer_options = read_trainer_options(vm);
  const int batch = read_batch(vm);
  const int seq_len = vm["seq-len"].as<int>();
  if (seq_len <= 0) throw UsageError("--seq-len", "must be a positive integer", "got " + std::to_string(seq_len));
  const double val_frac = vm["val-frac"].as<double>();
  apply_threads(vm);

  TerminalReporter terminal;
  train::SilentReporter silent;
  train::Reporter& reporter = vm["quiet"].as<bool>() ? static_cast<train::Reporter&>(silent) : terminal;

  std::unique_ptr<models::LanguageModel> model;
  // On --resume the options are the run's (cli/run_options.h): the text is read as it was.
  if (trainer_options.resume) model = models::LanguageModel::load(train::last_model_path(trainer_options.out), shape.precision);
  Corpus corpus = read_texts(paths, text_options);
  if (corpus.replaced > 0)
    reporter.note("warning: replaced " + std::to_string(corpus.replaced) + " invalid UTF-8 sequences with U+FFFD");
  if (!model) {
    const text::Vocab vocab = text::Vocab::build(text::TokenCounts(corpus.tokens), text_options.unit,
                                                 text_options.normalize, limits);
    const models::LmConfig config{shape, embedding.embed, embedding.tie};
    // The input (one-hot or embedded, with its gradient), logits and their gradient beside the stack's.
    check_training_fits("train-lm", models::LanguageModel::parameter_shapes(config, vocab.size()),
                        static_cast<long double>(batch) * seq_len *
                            (input_floats_per_step(vocab.size(), embedding.embed) + 2.0L * vocab.size() +
                             stack_floats_per_step(shape)),
                        kMemoryHint);
    model = std::make_unique<models::LanguageModel>(vocab, config);
    Rng init_rng(trainer_options.seed);
    model->initialize(shape.init, init_rng);
  }
  const std::vector<int> ids = model->vocab().encode(corpus.tokens);
  corpus.tokens = {};
  data::LmSplit split = data::split_tail(ids, val_frac, batch, seq_len);
  reporter.note("train-lm: " + std::to_string(ids.size()) + " tokens (" + std::to_string(split.train.size()) +
                " train, " + std::to_string(split.val.size()) + " validation), vocabulary " +
                std::to_string(model->vocab_size()) + ", " + nn::cell_name(model->config().cell) + " " +
                std::to_string(model->config().layers) + "x" + std::to_string(model->config().hidden) +
                ", " + std::to_string(model->parameters().size()) + " parameters");
  models::LmTask task(*model, std::move(split.train), std::move(split.val), batch, seq_len);

  train::catch_interrupts();
  reporter.note(precision_line(shape.precision));
  train::Trainer trainer(task, trainer_options, reporter);
  const train::TrainResult result = trainer.run();
  if (result.outcome == train::TrainOutcome::interrupted) return kExitInterrupted;
  const std::string best = train::best_model_path(trainer_options.out).string();
  reporter.note("done: best model " + best +
                (result.best_val ? " (validation loss " + std::to_string(*result.best_val) + ")" : ""));
  note_next_commands(reporter, {"lstmkit sample --model " + shell_word(best),
                                "lstmkit eval --model " + shell_word(best) + " --text " + shell_word(paths.front())});
  return kExitOk;
}

}  // namespace

Command train_lm_command() {
  return Command{"train-lm", "train a character- or word-level language model on UTF-8 text", declare, run, "", 0,
                 kMemoryHint};
}

}  // namespace lstmkit::cli
