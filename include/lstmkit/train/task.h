#pragma once
// What one kind of model (language model, seq2seq, time series) gives the shared Trainer: its
// parameters, its batches, a training step that leaves complete gradients, a validation loss, and what a
// checkpoint must hold besides the parameters. The Trainer owns everything else: the optimiser, the
// schedule, clipping, checkpoints, logs, early stopping, progress and interruption.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/dist/shard.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/nn/parameters.h"
#include "lstmkit/rng.h"

namespace lstmkit::train {

struct BatchResult {
  double loss = 0;    // mean loss over `count` units; the gradient is that of this mean
  int64_t count = 0;  // units (tokens, target steps, windows) the loss counted
};

class TrainTask {
 public:
  virtual ~TrainTask() = default;

  virtual nn::Parameters& parameters() = 0;
  // Data-parallel training (dist/): from now on train_batch takes only this rank's part of each batch
  // (batches_per_epoch and the epoch's order stay those of the whole data), and carried_state holds this
  // rank's part, split along dimension 1, and restore_carried_state is given the whole. Throws
  // lstmkit::Error when the task cannot be split so (e.g. fewer streams than ranks).
  virtual void set_shard(const dist::Shard& shard);
  // Batches of one training epoch; the same for every epoch.
  virtual int64_t batches_per_epoch() const = 0;
  // Starts epoch `epoch` (1-based): resets carried state and draws any shuffle from `rng`.
  virtual void begin_epoch(int epoch, Rng& rng) = 0;
  // Forward and backward of batch `index` of the current epoch. ADDS the gradient of the batch's loss
  // into parameters().grads(): its mean loss, unless the task weights batches of unequal size (seq2seq
  // scales each by its target tokens over the epoch's average, so short-sentence batches do not count
  // more than their share); `rng` drives dropout.
  virtual BatchResult train_batch(int64_t index, Rng& rng) = 0;
  // Mean loss per unit over the validation data; nullopt when there is none. Always the plain loss
  // (cross-entropy without label smoothing), so runs with different training losses compare.
  virtual std::optional<double> validate() = 0;
  // Scores of the model on the validation data besides its loss, by name (a translator's "bleu" and
  // "chrf" of its greedy output), every one larger-is-better; asked for after validate() when the run
  // reports or selects by them. Empty when the task has none or no validation data.
  virtual std::map<std::string, double> validation_metrics() { return {}; }
  // Names validation_metrics() gives (to refuse a request for others before training starts).
  virtual std::vector<std::string> metric_names() const { return {}; }
  // Label smoothing ε of the training loss (PyTorch's CrossEntropyLoss(label_smoothing=ε)). The default
  // refuses ε > 0: the task has no such loss.
  virtual void set_label_smoothing(double epsilon);
  // kind, config, vocab… (DESIGN.md's metadata keys), enough to rebuild the model from the file.
  virtual io::Metadata model_metadata() const = 0;
  // State carried from one batch to the next (a language model's h and c), saved mid-epoch so that
  // `--resume` continues exactly; views valid until the next train_batch.
  virtual std::vector<io::TensorRef> carried_state() const { return {}; }
  virtual void restore_carried_state(const std::vector<io::Tensor>& /*extra*/,
                                     const std::string& /*source*/) {}
  // Name of the counted unit for rates: "tok", "pairs", "win".
  virtual std::string unit() const = 0;
};

}  // namespace lstmkit::train
