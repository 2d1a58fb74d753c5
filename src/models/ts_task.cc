#include "lstmkit/models/ts_task.h"

#include "lstmkit/data/windows.h"
#include "lstmkit/error.h"

namespace lstmkit::models {

TsTask::TsTask(Regressor& model, TsData data, size_t batch)
    : model_(model), data_(std::move(data)), batch_(batch) {
  if (batch_ == 0) throw UsageError("--batch", "batch size 0", "use a batch size of at least 1");
  const TsSpec& spec = model_.spec();
  if (data_.groups) {
    groups_ = model_groups(data_, spec);
    lengths_ = data::group_lengths(*groups_);
    const data::GroupSplit split = split_model_groups(data_, spec);
    train_ = split.train;
    validation_ = split.validation;
  } else if (data_.sequences) {
    const data::SequenceSplit split = data::split_sequences(data_.sequences->sequences, spec.val_frac);
    train_ = split.train;
    validation_ = split.validation;
    boundary_ = train_.size();
  } else if (!data_.runs.empty()) {
    // Several series: each split at its own tail; boundary_ stays 0, as there is no one boundary.
    const data::WindowSplit split = data::split_run_windows(data_.runs, spec.window, spec.val_frac);
    train_ = split.train;
    validation_ = split.validation;
  } else {
    const data::WindowSplit split = data::split_windows(data_.series->rows(), spec.window, spec.val_frac, "--window",
                                                      data_.first_row);
    train_ = split.train;
    validation_ = split.validation;
    boundary_ = split.boundary;
  }
  batches_ = batches_of(train_);
}

std::string TsTask::unit() const {
  if (model_.return_sequences()) return "step";
  return data_.sequences || groups_ ? "seq" : "win";
}

data::RegressionBatch TsTask::batch_of(std::span<const size_t> examples) const {
  if (groups_) return data::group_batch(*data_.series, *groups_, examples);
  return data_.sequences ? data::sequence_batch(*data_.sequences, examples)
                         : data::window_batch(*data_.series, model_.spec().window, examples);
}

std::vector<std::vector<size_t>> TsTask::batches_of(std::span<const size_t> examples) const {
  return groups_ ? data::length_batches(examples, lengths_, batch_) : data::batch_groups(examples, batch_);
}

void TsTask::begin_epoch(int, Rng& rng) {
  std::vector<size_t> order = train_;
  data::shuffle_ids(order, rng);
  batches_ = batches_of(order);
  if (!groups_) return;
  // Buckets come out shortest first: shuffle the batches too, so that lengths are mixed over the epoch.
  std::vector<size_t> batch_order(batches_.size());
  for (size_t i = 0; i < batch_order.size(); ++i) batch_order[i] = i;
  data::shuffle_ids(batch_order, rng);
  std::vector<std::vector<size_t>> shuffled;
  shuffled.reserve(batches_.size());
  for (size_t i : batch_order) shuffled.push_back(std::move(batches_[i]));
  batches_ = std::move(shuffled);
}

train::BatchResult TsTask::train_batch(int64_t index, Rng& rng) {
  const std::vector<size_t>& examples = batches_.at(static_cast<size_t>(index));
  const dist::Range mine = shard_.of(examples.size());
  // A short last batch may leave a rank nothing: it adds no gradient and counts nothing.
  if (mine.size() == 0) return {0, 0};
  const TsScore s = model_.train_batch(batch_of(std::span(examples).subspan(mine.begin, mine.size())), rng);
  return {s.loss, s.count};
}

TsScore TsTask::evaluate(std::span<const size_t> examples) {
  TsScore total;
  double loss_sum = 0;
  for (const std::vector<size_t>& batch : batches_of(examples)) {
    const TsScore s = model_.evaluate_batch(batch_of(batch));
    loss_sum += s.loss * static_cast<double>(s.count);
    total.count += s.count;
    total.correct += s.correct;
  }
  if (total.count > 0) total.loss = loss_sum / static_cast<double>(total.count);
  return total;
}

std::optional<double> TsTask::validate() {
  if (validation_.empty()) return std::nullopt;
  return evaluate(validation_).loss;
}

}  // namespace lstmkit::models
