// `lstmkit train-s2s`: an encoder–decoder translator from TSV sentence pairs (source TAB target).
#include <optional>

#include "command.h"
#include "embedding_options.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/jobs/train_s2s.h"
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
const jobs::S2sTrainConfig kJob{};
const TrainingDefaults kDefaults{kJob.model, kJob.init, kJob.trainer, kJob.batch};
constexpr char kMemoryHint[] = "use a smaller --batch or --hidden, or drop long pairs with --max-len";

void declare(po::options_description& o) {
  add_options(o, OptionGroup::data)
      ("pairs", po::value<std::string>(), "TSV file of sentence pairs: source<TAB>target per line (more columns are ignored)",
       Need::required)
      ("val-pairs", po::value<std::string>(), "TSV file of validation pairs (default: hold out sources of --pairs at random)")
      ("val-frac", po::value<double>()->default_value(kJob.val_frac, "0.1"),
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
       "--embed 256 (--hidden with --tie-embeddings) and --bidirectional unless given; none: the seed's "
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

int run(const po::variables_map& vm) {
  if (!vm.count("pairs"))
    throw UsageError("train-s2s", "missing --pairs",
                     "give a TSV file of pairs, e.g. `lstmkit train-s2s --pairs fra-eng.tsv --out runs/s2s`");
  jobs::S2sTrainConfig config;
  config.pairs.file = vm["pairs"].as<std::string>();
  if (vm.count("val-pairs")) config.val_pairs.file = vm["val-pairs"].as<std::string>();
  config.text = read_text_options(vm);
  if (text::is_subword(config.text.unit)) config.vocab_size = read_subword_vocab_size(vm);
  config.vocab_limits = read_vocab_limits(vm);
  const ModelShape shape = read_model_shape(vm);
  const std::string attention = vm["attention"].as<std::string>();
  config.model = jobs::default_s2s_model(attention == "none" ? std::nullopt
                                                             : std::optional(nn::parse_attention(attention, "--attention")));
  static_cast<models::StackConfig&>(config.model) = shape;
  config.model.precision = read_precision(vm);
  config.model.reverse_source = vm["reverse-source"].as<bool>();
  config.model.embed = vm["embed"].as<int>();
  config.model.tie_embeddings = vm["tie-embeddings"].as<bool>();
  if (vm.count("bidirectional")) config.model.bidirectional = vm["bidirectional"].as<bool>();
  jobs::resolve_s2s_defaults(config.model, given(vm, "embed"), vm.count("bidirectional") > 0);
  config.init = shape.init;
  config.trainer = read_trainer_options(vm);
  config.batch = read_batch(vm);
  config.limit = non_negative(vm, "limit");
  config.max_len = non_negative(vm, "max-len");
  config.skip_bad_lines = vm["skip-bad-lines"].as<bool>();
  config.val_frac = vm["val-frac"].as<double>();
  const bool separate_val = vm.count("val-pairs") > 0;
  if (vm.count("val-sources")) {
    if (given(vm, "val-frac"))
      throw UsageError("--val-sources", "cannot be combined with --val-frac", "hold out either a number or a fraction of the sources");
    const long long sources = vm["val-sources"].as<long long>();
    if (sources < 1) throw UsageError("--val-sources", "must be at least 1", "got " + std::to_string(sources));
    config.val_sources = static_cast<size_t>(sources);
  }
  for (const char* name : {"val-frac", "val-sources", "write-split"})
    if (separate_val && given(vm, name))
      throw UsageError(std::string("--") + name, "cannot be combined with --val-pairs", "choose one way to validate");
  if (vm.count("write-split")) config.write_split = vm["write-split"].as<std::string>();
  jobs::validate(config);
  // Per step: inputs, logits and their gradient, the stacks (the encoder twice when bidirectional);
  // with attention also the bank and its gradient, h, h̃, the context and the fed-back input, about 8·H.
  config.before_building = [&](const models::S2sConfig& model, int source, int target, size_t longest) {
    const long double per_step = input_floats_per_step(source, model.embed) + input_floats_per_step(target, model.embed) +
                                 2.0L * target + (model.bidirectional ? 3 : 2) * stack_floats_per_step(model) +
                                 (model.attention ? 8.0L * model.hidden : 0.0L);
    check_training_fits("train-s2s", models::Seq2Seq::parameter_shapes(model, source, target),
                        static_cast<long double>(config.batch) * static_cast<long double>(longest) * per_step, kMemoryHint);
  };
  apply_threads(vm);

  TerminalReporter terminal;
  train::SilentReporter silent;
  train::Reporter& reporter = vm["quiet"].as<bool>() ? static_cast<train::Reporter&>(silent) : terminal;
  train::catch_interrupts();
  const jobs::TrainS2sResult result = jobs::train_s2s(config, reporter);
  if (result.run.outcome == train::TrainOutcome::interrupted) return kExitInterrupted;
  const std::string best = result.best_model.string();
  reporter.note("done: best model " + best +
                (result.run.best_val ? " (validation loss " + std::to_string(*result.run.best_val) + ")" : ""));
  if (vm["verbose"].as<bool>()) reporter.note("oneDNN primitive shapes built: " + std::to_string(result.model->cached_shapes()));
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
