#include "lstmkit/models/lm_task.h"

#include "lstmkit/error.h"

namespace lstmkit::models {

namespace {
constexpr char kCarriedH[] = "state.h";
constexpr char kCarriedC[] = "state.c";
}  // namespace

LmTask::LmTask(LanguageModel& model, std::vector<int32_t> train, std::vector<int32_t> val, size_t batch,
               size_t seq_len)
    : model_(model), train_(std::move(train), batch, seq_len), streams_{0, train_.batch()} {
  if (!val.empty()) {
    const size_t streams = data::lm_validation_streams(val.size(), batch, seq_len);
    val_.emplace(std::move(val), streams, seq_len);
  }
}

void LmTask::set_shard(const dist::Shard& shard) {
  streams_ = shard.of(train_.batch());
  if (streams_.size() == 0)
    throw UsageError("`batch`", std::to_string(train_.batch()) + " parallel streams cannot be shared by " +
                                    std::to_string(shard.ranks) + " processes",
                     "use a `batch` of at least the number of processes");
}

void LmTask::begin_epoch(int, Rng&) { state_ = {}; }

train::BatchResult LmTask::train_batch(int64_t index, Rng& rng) {
  train_.fill(static_cast<size_t>(index), batch_, streams_);
  const nn::CrossEntropy ce =
      model_.train_batch(static_cast<int>(batch_.steps), static_cast<int>(batch_.batch), batch_.inputs.data(),
                         batch_.targets.data(), state_, rng);
  return {ce.loss, ce.count};
}

std::optional<double> LmTask::validate() {
  if (!val_) return std::nullopt;
  nn::RecurrentState state;
  data::LmBatch b;
  double sum = 0;
  int64_t count = 0;
  for (size_t j = 0; j < val_->batches_per_epoch(); ++j) {
    val_->fill(j, b);
    const nn::CrossEntropy ce = model_.evaluate_batch(static_cast<int>(b.steps), static_cast<int>(b.batch),
                                                      b.inputs.data(), b.targets.data(), state);
    sum += ce.loss * static_cast<double>(ce.count);
    count += ce.count;
  }
  return sum / static_cast<double>(count);
}

std::vector<io::TensorRef> LmTask::carried_state() const {
  const int64_t L = model_.config().layers, N = static_cast<int64_t>(streams_.size()), H = model_.config().hidden;
  std::vector<io::TensorRef> out;
  if (!state_.h.empty()) out.push_back({kCarriedH, {L, N, H}, state_.h.data()});
  if (!state_.c.empty()) out.push_back({kCarriedC, {L, N, H}, state_.c.data()});
  return out;
}

void LmTask::restore_carried_state(const std::vector<io::Tensor>& extra, const std::string& source) {
  const auto L = static_cast<size_t>(model_.config().layers), H = static_cast<size_t>(model_.config().hidden);
  const size_t size = L * train_.batch() * H;
  state_ = {};
  for (const auto& t : extra) {
    if (t.name != kCarriedH && t.name != kCarriedC) continue;
    if (t.data.size() != size)
      throw Error(source, "carried state '" + t.name + "' has " + std::to_string(t.data.size()) +
                              " values, the model needs " + std::to_string(size),
                  "resume with the `batch` the run was started with");
    // [L, N, H] of all streams: this process's streams of each layer.
    std::vector<float>& mine = t.name == kCarriedH ? state_.h : state_.c;
    mine.clear();
    for (size_t l = 0; l < L; ++l) {
      const auto first = t.data.begin() + static_cast<std::ptrdiff_t>((l * train_.batch() + streams_.begin) * H);
      mine.insert(mine.end(), first, first + static_cast<std::ptrdiff_t>(streams_.size() * H));
    }
  }
}

}  // namespace lstmkit::models
