#pragma once
// The language model as a training task: char-rnn batches over the training stream with state carried
// from one window to the next (reset at each epoch), validation over the held-out tail the same way.
#include <optional>
#include <vector>

#include "lstmkit/data/lm_batches.h"
#include "lstmkit/models/language_model.h"
#include "lstmkit/train/task.h"

namespace lstmkit::models {

class LmTask : public train::TrainTask {
 public:
  // train / val: token ids; val may be empty (no validation).
  LmTask(LanguageModel& model, std::vector<int32_t> train, std::vector<int32_t> val, size_t batch,
         size_t seq_len);

  nn::Parameters& parameters() override { return model_.parameters(); }
  // A rank trains its run of the parallel streams; throws lstmkit::UsageError("`batch`") when that is none.
  void set_shard(const dist::Shard& shard) override;
  int64_t batches_per_epoch() const override { return static_cast<int64_t>(train_.batches_per_epoch()); }
  void begin_epoch(int epoch, Rng& rng) override;
  train::BatchResult train_batch(int64_t index, Rng& rng) override;
  std::optional<double> validate() override;
  void set_label_smoothing(double epsilon) override { model_.set_label_smoothing(static_cast<float>(epsilon)); }
  io::Metadata model_metadata() const override { return model_.metadata(); }
  std::vector<io::TensorRef> carried_state() const override;
  void restore_carried_state(const std::vector<io::Tensor>& extra, const std::string& source) override;
  std::string unit() const override { return "tok"; }

 private:
  LanguageModel& model_;
  data::LmBatches train_;
  dist::Range streams_;       // the streams this process trains: all of them unless sharded
  std::optional<data::LmBatches> val_;
  data::LmBatch batch_;
  nn::RecurrentState state_;  // carried across the windows of an epoch; empty = zeros
};

}  // namespace lstmkit::models
