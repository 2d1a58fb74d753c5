// `lstmkit train-lm`: a character- or word-level language model from UTF-8 text files.
#include <iostream>

#include "command.h"
#include "option_names.h"
#include "embedding_options.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/jobs/train_lm.h"
#include "lstmkit/optim/config.h"
#include "lstmkit/train/interrupt.h"
#include "memory_check.h"
#include "option_groups.h"
#include "precision_options.h"
#include "terminal_reporter.h"
#include "text_options.h"
#include "training_options.h"

namespace lstmkit::cli {

namespace {

// The library's defaults are the options' defaults.
const jobs::LmTrainConfig kJob{};
const TrainingDefaults kDefaults{kJob.model, kJob.init, kJob.trainer, kJob.batch};
constexpr char kMemoryHint[] = "use a smaller --batch, --hidden or --seq-len";

void declare(po::options_description& o) {
  add_options(o, OptionGroup::data)
      ("text", po::value<std::vector<std::string>>()->composing(), "UTF-8 text file to learn from (repeatable: files are concatenated)",
       Need::required)
      ("seq-len", po::value<int>()->default_value(kJob.seq_len), "time steps per window (T); state is carried between windows")
      ("val-frac", po::value<double>()->default_value(kJob.val_frac), "fraction of the text, at its end, held out for validation");
  declare_text_options(o);
  declare_vocab_limits(o);
  declare_model_options(o, kDefaults);
  declare_embedding_options(o);
  declare_training_options(o, kDefaults);
  declare_label_smoothing_option(o);
  declare_precision_option(o);
}

int run(const po::variables_map& vm) {
  if (!vm.count("text"))
    throw UsageError("train-lm", "missing --text", "give a UTF-8 text file, e.g. `lstmkit train-lm --text input.txt --out runs/lm`");
  jobs::LmTrainConfig config;
  config.input.files = vm["text"].as<std::vector<std::string>>();
  config.text = read_text_options(vm);
  config.vocab_limits = read_vocab_limits(vm);
  const ModelShape shape = read_model_shape(vm);
  static_cast<models::StackConfig&>(config.model) = shape;
  config.model.precision = read_precision(vm);
  const EmbeddingChoice embedding = read_embedding_options(vm, shape.hidden);
  config.model.embed = embedding.embed;
  config.model.tie_embeddings = embedding.tie;
  config.init = shape.init;
  config.trainer = read_trainer_options(vm);
  config.batch = read_batch(vm);
  config.seq_len = vm["seq-len"].as<int>();
  if (config.seq_len <= 0)
    throw UsageError("--seq-len", "must be a positive integer", "got " + std::to_string(config.seq_len));
  config.val_frac = vm["val-frac"].as<double>();
  // The input (one-hot or embedded, with its gradient), logits and their gradient beside the stack's.
  config.before_building = [&](const models::LmConfig& model, int vocab) {
    check_training_fits("train-lm", models::LanguageModel::parameter_shapes(model, vocab),
                        static_cast<long double>(config.batch) * config.seq_len *
                            (input_floats_per_step(vocab, model.embed) + 2.0L * vocab + stack_floats_per_step(model)),
                        kMemoryHint);
  };
  apply_threads(vm);

  TerminalReporter terminal;
  train::SilentReporter silent;
  train::Reporter& reporter = vm["quiet"].as<bool>() ? static_cast<train::Reporter&>(silent) : terminal;
  train::catch_interrupts();
  name_setting("input", "--text");
  const jobs::TrainLmResult result = jobs::train_lm(config, reporter);
  if (result.run.outcome == train::TrainOutcome::interrupted) return kExitInterrupted;
  const std::string best = result.best_model.string();
  reporter.note("done: best model " + best +
                (result.run.best_val ? " (validation loss " + std::to_string(*result.run.best_val) + ")" : ""));
  note_next_commands(reporter, {"lstmkit sample --model " + shell_word(best),
                                "lstmkit eval --model " + shell_word(best) + " --text " + shell_word(config.input.files.front())});
  return kExitOk;
}

}  // namespace

Command train_lm_command() {
  return Command{"train-lm", "train a character- or word-level language model on UTF-8 text", declare, run, "", 0,
                 kMemoryHint};
}

}  // namespace lstmkit::cli
