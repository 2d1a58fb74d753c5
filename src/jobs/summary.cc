#include "lstmkit/jobs/summary.h"

#include "lstmkit/error.h"

namespace lstmkit::jobs {

namespace {
void positive(const char* field, int value) {
  if (value <= 0) throw UsageError(setting(field), "must be a positive integer", "got " + std::to_string(value));
}
}  // namespace

void validate(const StackSummaryConfig& c) {
  positive("input", c.input);
  positive("hidden", c.hidden);
  positive("layers", c.layers);
  if (c.head < 0) throw UsageError("`head`", "must not be negative", "use 0 for no head");
}

models::ModelSummary summary(const StackSummaryConfig& c) {
  validate(c);
  nn::RecurrentConfig config;
  config.cell = c.cell;
  config.input = c.input;
  config.hidden = c.hidden;
  config.layers = c.layers;
  models::ModelSummary s;
  models::add_recurrent_rows(s, "rnn", config, c.return_sequences);
  if (c.head > 0) models::add_dense_row(s, "head", config.hidden, c.head, c.return_sequences);
  return s;
}

models::ModelSummary summary(const std::string& checkpoint) { return models::summarize_checkpoint(checkpoint); }

models::ModelSummary summary(const models::LanguageModel& model) {
  const models::LmConfig& c = model.config();
  const int V = model.vocab_size();
  models::ModelSummary s;
  if (c.embed > 0) models::add_embedding_row(s, "embed", V, c.embed, c.tie_embeddings);
  models::add_recurrent_rows(s, "rnn", c.recurrent(c.embed > 0 ? c.embed : V), true);
  models::add_dense_row(s, "head", c.hidden, V, true);
  return s;
}

models::ModelSummary summary(const models::Regressor& model) {
  const models::RegressorConfig& c = model.config();
  models::ModelSummary s;
  models::add_recurrent_rows(s, "rnn", c.recurrent(c.inputs), model.return_sequences());
  models::add_dense_row(s, "head", c.hidden, c.outputs, model.return_sequences());
  return s;
}

}  // namespace lstmkit::jobs
