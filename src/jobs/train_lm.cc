#include "lstmkit/jobs/train_lm.h"

#include <cmath>

#include "epoch_observer.h"
#include "lstmkit/data/lm_batches.h"
#include "lstmkit/error.h"
#include "lstmkit/models/lm_task.h"
#include "lstmkit/nn/precision.h"
#include "lstmkit/optim/config.h"

namespace lstmkit::jobs {

namespace {

using ObservedLmTask = ObservedTask<models::LmTask>;

}  // namespace

models::LmConfig LmTrainConfig::default_model() {
  models::LmConfig c;
  c.cell = nn::CellKind::lstm;
  c.hidden = 256;
  c.layers = 2;
  return c;
}

void validate(const LmTrainConfig& c) {
  if (c.batch <= 0) throw UsageError("`batch`", "must be a positive integer", "got " + std::to_string(c.batch));
  if (c.seq_len <= 0) throw UsageError("`seq_len`", "must be a positive integer", "got " + std::to_string(c.seq_len));
  if (!(c.val_frac >= 0 && c.val_frac < 1))
    throw UsageError("`val_frac`", "must be in [0, 1)", "got " + std::to_string(c.val_frac));
  if (c.model.hidden <= 0) throw UsageError("`hidden`", "must be a positive integer", "got " + std::to_string(c.model.hidden));
  if (c.model.layers <= 0) throw UsageError("`layers`", "must be a positive integer", "got " + std::to_string(c.model.layers));
  if (!(c.model.dropout >= 0.0f && c.model.dropout < 1.0f))
    throw UsageError("`dropout`", "must be in [0, 1)", "got " + std::to_string(c.model.dropout));
  if (text::is_subword(c.text.unit))
    throw UsageError("`unit`", text::unit_name(c.text.unit) + " units are not available for a language model",
                     "use char or word");
  if (c.trainer.patience > 0 && c.val_frac == 0)
    throw UsageError("`patience`", "early stopping needs validation data, but `val_frac` is 0",
                     "give `val_frac` above 0, or leave `patience` at 0");
  train::validate(c.trainer);
}

TrainLmResult train_lm(const LmTrainConfig& c, train::Reporter& reporter) {
  validate(c);
  train::check_output_dir(c.trainer);
  TrainLmResult result;
  std::unique_ptr<models::LanguageModel>& model = result.model;
  // Resuming, the vocabulary is the run's: the text is read as it was.
  if (c.trainer.resume)
    model = models::LanguageModel::load(train::last_model_path(c.trainer.out), c.model.precision);
  text::Corpus corpus = read_text_input(c.input, c.text, "input");
  if (corpus.tokens.empty())
    throw Error(c.input.name(), "has no text to learn from", "give a non-empty UTF-8 text");
  if (corpus.replaced > 0)
    reporter.note("warning: replaced " + std::to_string(corpus.replaced) + " invalid UTF-8 sequences with U+FFFD");
  if (!model) {
    const text::Vocab vocab = text::Vocab::build(text::TokenCounts(corpus.tokens), c.text.unit, c.text.normalize,
                                                 c.vocab_limits);
    if (c.before_building) c.before_building(c.model, vocab.size());
    model = std::make_unique<models::LanguageModel>(vocab, c.model);
    Rng init_rng(c.trainer.seed);
    model->initialize(c.init, init_rng);
  }
  const std::vector<int> ids = model->vocab().encode(corpus.tokens);
  corpus.tokens = {};
  data::LmSplit split =
      data::split_tail(ids, c.val_frac, static_cast<size_t>(c.batch), static_cast<size_t>(c.seq_len));
  result.train_tokens = static_cast<int64_t>(split.train.size());
  result.val_tokens = static_cast<int64_t>(split.val.size());
  reporter.note("train-lm: " + std::to_string(ids.size()) + " tokens (" + std::to_string(split.train.size()) +
                " train, " + std::to_string(split.val.size()) + " validation), vocabulary " +
                std::to_string(model->vocab_size()) + ", " + nn::cell_name(model->config().cell) + " " +
                std::to_string(model->config().layers) + "x" + std::to_string(model->config().hidden) +
                ", " + std::to_string(model->parameters().size()) + " parameters");
  reporter.note("precision " + nn::precision_name(c.model.precision) + " (oneDNN ISA " + nn::cpu_isa_name() + ")");
  ObservedLmTask task(*model, std::move(split.train), std::move(split.val), static_cast<size_t>(c.batch),
                      static_cast<size_t>(c.seq_len));
  EpochObserver observer(reporter, task, c.on_epoch);
  train::Trainer trainer(task, c.trainer, observer);
  result.run = trainer.run();
  result.best_model = train::best_model_path(c.trainer.out);
  return result;
}

}  // namespace lstmkit::jobs
