#pragma once
// The time-series model as a training task for the shared Trainer. Examples are windows of one series
// (split chronologically: no training window touches a validation row) or of several series stacked
// (each split so at its own tail; no window spans two), whole sequences of a dataset
// (split by sequence) or groups of rows (split by group at random, data/groups.h; a batch holds groups of
// one length). Every epoch visits the training examples in a fresh random order, as Keras' fit does; no
// state is carried between batches.
#include <optional>
#include <span>
#include <vector>

#include "lstmkit/models/regressor.h"
#include "lstmkit/models/ts_data.h"
#include "lstmkit/models/ts_split.h"
#include "lstmkit/train/task.h"

namespace lstmkit::models {

class TsTask : public train::TrainTask {
 public:
  // data: in model units (to_model_units), split by split_ts; batch 0: default_batch of the training
  // examples. Throws lstmkit::UsageError on "`window`" / "`val_frac`" when the split leaves no training
  // example (or no validation example for a positive val_frac).
  TsTask(Regressor& model, TsData data, size_t batch);

  nn::Parameters& parameters() override { return model_.parameters(); }
  // A rank trains its run of the examples of each batch.
  void set_shard(const dist::Shard& shard) override { shard_ = shard; }
  int64_t batches_per_epoch() const override { return static_cast<int64_t>(batches_.size()); }
  void begin_epoch(int epoch, Rng& rng) override;
  train::BatchResult train_batch(int64_t index, Rng& rng) override;
  // Mean loss per target row (MSE in model units, or cross-entropy) over the validation examples.
  std::optional<double> validate() override;
  io::Metadata model_metadata() const override { return model_.metadata(); }
  // "win" (windows), "seq" (sequences and groups), or "step" for n-to-n, whose loss counts every step.
  std::string unit() const override;

  const TsSplit& split() const { return split_; }
  const std::vector<size_t>& train_examples() const { return split_.train; }
  const std::vector<size_t>& validation_examples() const { return split_.validation; }
  // Training examples per batch: as given, or chosen from the split.
  size_t batch() const { return batch_; }
  // This epoch's batches of training examples, in the order train_batch takes them.
  const std::vector<std::vector<size_t>>& epoch_batches() const { return batches_; }
  // TsSplit::boundary: a series' first validation row, a dataset's first validation sequence, else 0.
  size_t boundary() const { return split_.boundary; }
  // Grouped data: the groups as the model reads them (cut to the window), examples are their ids.
  const std::optional<data::Groups>& groups() const { return groups_; }

  // The score over `examples` (window starts, sequence or group ids), run in batches: mean loss per
  // target row, rows counted and (classification) rows classified correctly. Empty examples score count 0.
  TsScore evaluate(std::span<const size_t> examples);
  // The examples' inputs and targets, time-major. Groups must be of one length.
  data::RegressionBatch batch_of(std::span<const size_t> examples) const;

 private:
  // Consecutive batches of at most batch_ examples; for groups, of one length each.
  std::vector<std::vector<size_t>> batches_of(std::span<const size_t> examples) const;

  Regressor& model_;
  TsData data_;
  TsSplit split_;
  size_t batch_;
  dist::Shard shard_;
  std::optional<data::Groups> groups_;  // grouped data, cut to the model's window
  std::vector<size_t> lengths_;         // [S] groups_' lengths
  std::vector<std::vector<size_t>> batches_;  // this epoch's batches of training examples
};

}  // namespace lstmkit::models
