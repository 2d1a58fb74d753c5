#include "lstmkit/models/ts_task.h"

#include "lstmkit/data/windows.h"

namespace lstmkit::models {

TsTask::TsTask(Regressor& model, TsData data, size_t batch)
    : model_(model),
      data_(std::move(data)),
      split_(split_ts(data_, model_.spec())),
      batch_(batch ? batch : default_batch(split_.train.size())) {
  if (data_.groups) {
    groups_ = model_groups(data_, model_.spec());
    lengths_ = data::group_lengths(*groups_);
  }
  batches_ = batches_of(split_.train);
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
  std::vector<size_t> order = split_.train;
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
  if (split_.validation.empty()) return std::nullopt;
  return evaluate(split_.validation).loss;
}

}  // namespace lstmkit::models
