#pragma once
// The summary job: a model's layers, output shapes and parameter counts (Keras' and PyTorch's) as data,
// for a checkpoint, a model in memory, or a stack described by its sizes.
#include <optional>
#include <string>

#include "lstmkit/models/language_model.h"
#include "lstmkit/models/regressor.h"
#include "lstmkit/models/summary.h"

namespace lstmkit::jobs {

// A recurrent stack and an optional Dense head, as Keras would build them.
struct StackSummaryConfig {
  nn::CellKind cell = nn::CellKind::lstm;
  int input = 0;                  // features per step (I): must be given
  int hidden = 256;
  int layers = 1;
  int head = 0;                   // outputs of the Dense head (0: none)
  bool return_sequences = false;  // the last recurrent layer returns every step
};

// Throws lstmkit::UsageError naming the field (input, hidden, layers, head).
void validate(const StackSummaryConfig& config);

models::ModelSummary summary(const StackSummaryConfig& config);
// Throws lstmkit::Error when the file is not a readable lstmkit checkpoint.
models::ModelSummary summary(const std::string& checkpoint);
// The same rows a checkpoint of this model gives.
models::ModelSummary summary(const models::LanguageModel& model);
models::ModelSummary summary(const models::Regressor& model);

}  // namespace lstmkit::jobs
