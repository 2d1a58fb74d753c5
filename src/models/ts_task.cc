#include "lstmkit/models/ts_task.h"

#include "lstmkit/data/windows.h"
#include "lstmkit/error.h"

namespace lstmkit::models {

TsTask::TsTask(Regressor& model, TsData data, size_t batch)
    : model_(model), data_(std::move(data)), batch_(batch) {
  if (batch_ == 0) throw UsageError("--batch", "batch size 0", "use a batch size of at least 1");
  const TsSpec& spec = model_.spec();
  if (data_.sequences) {
    const data::SequenceSplit split = data::split_sequences(data_.sequences->sequences, spec.val_frac);
    train_ = split.train;
    validation_ = split.validation;
    boundary_ = train_.size();
  } else {
    const data::WindowSplit split = data::split_windows(data_.series->rows(), spec.window, spec.val_frac, "--window");
    train_ = split.train;
    validation_ = split.validation;
    boundary_ = split.boundary;
  }
  groups_ = data::batch_groups(train_, batch_);
}

std::string TsTask::unit() const {
  if (model_.return_sequences()) return "step";
  return data_.sequences ? "seq" : "win";
}

data::RegressionBatch TsTask::batch_of(std::span<const size_t> examples) const {
  return data_.sequences ? data::sequence_batch(*data_.sequences, examples)
                         : data::window_batch(*data_.series, model_.spec().window, examples);
}

void TsTask::begin_epoch(int, Rng& rng) {
  std::vector<size_t> order = train_;
  data::shuffle_ids(order, rng);
  groups_ = data::batch_groups(order, batch_);
}

train::BatchResult TsTask::train_batch(int64_t index, Rng& rng) {
  const TsScore s = model_.train_batch(batch_of(groups_.at(static_cast<size_t>(index))), rng);
  return {s.loss, s.count};
}

TsScore TsTask::evaluate(std::span<const size_t> examples) {
  TsScore total;
  double loss_sum = 0;
  for (size_t i = 0; i < examples.size(); i += batch_) {
    const TsScore s = model_.evaluate_batch(batch_of(examples.subspan(i, std::min(batch_, examples.size() - i))));
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
