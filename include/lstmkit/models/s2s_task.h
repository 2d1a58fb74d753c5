#pragma once
// The seq2seq model as a training task: batches bucketed by exact source length (data/s2s_batches.h),
// reshuffled every epoch from the trainer's Rng; the loss is the mean cross-entropy per real target
// token (</s> included, <pad> ignored); validation is the same over the held-out pairs.
//
// Token-weighted steps: a batch's gradient is that of its mean loss times (its target tokens / the
// epoch's mean tokens per batch), i.e. its summed loss over a constant. Bucketed batches differ in size
// far more than random ones (a batch of "Go." against one of 15-word sentences); with plain per-batch
// means every short sentence's tokens would weigh more than a long one's, and the model would optimise
// a different objective than the per-token loss it is measured on. With the weights, the expected step
// is the gradient of the mean loss per token over the whole training set, as with random batches.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/data/pair_split.h"
#include "lstmkit/data/s2s_batches.h"
#include "lstmkit/models/seq2seq.h"
#include "lstmkit/train/task.h"

namespace lstmkit::models {

// Teacher-forced loss over every batch of `batches`: mean cross-entropy per target token, and the count.
// `between_batches`, when given, runs after each batch (a cancellable caller throws there).
nn::CrossEntropy evaluate_pairs(Seq2Seq& model, const data::S2sBatches& batches,
                                const std::function<void()>& between_batches = {});

class S2sTask : public train::TrainTask {
 public:
  // train / val: encoded pairs; val may be empty (no validation).
  S2sTask(Seq2Seq& model, std::vector<data::IdPair> train, std::vector<data::IdPair> val, size_t batch);

  nn::Parameters& parameters() override { return model_.parameters(); }
  // A rank trains its run of the pairs of each batch.
  void set_shard(const dist::Shard& shard) override { shard_ = shard; }
  int64_t batches_per_epoch() const override { return static_cast<int64_t>(train_.size()); }
  void begin_epoch(int epoch, Rng& rng) override;
  train::BatchResult train_batch(int64_t index, Rng& rng) override;
  std::optional<double> validate() override;
  io::Metadata model_metadata() const override { return model_.metadata(); }
  std::string unit() const override { return "tok"; }
  void set_label_smoothing(double epsilon) override { model_.set_label_smoothing(static_cast<float>(epsilon)); }

  // The validation sources with every reference translation (data::references_by_source), as text, for
  // validation_metrics(): "bleu" and "chrf" of the sources greedily translated in batches
  // (infer::translate), scored as `lstmkit eval` scores (infer::score_translations).
  void set_validation_references(std::vector<data::SourceReferences> references);
  std::map<std::string, double> validation_metrics() override;
  std::vector<std::string> metric_names() const override;

 private:
  Seq2Seq& model_;
  data::S2sBatches train_;
  std::optional<data::S2sBatches> val_;
  data::S2sBatch batch_;
  dist::Shard shard_;
  data::S2sBatch part_;  // this rank's columns of batch_
  double mean_tokens_;  // target tokens per batch, averaged over an epoch
  std::vector<data::SourceReferences> val_references_;  // targets in the model's normalisation
  std::vector<std::vector<int32_t>> val_sources_;       // [sources][T] their sources as ids
};

}  // namespace lstmkit::models
