#pragma once
// Shared by the trainer tests: a fake task that makes each rule of the loop observable, a real
// character LM run, and a fixture with a scratch directory per test.
#include "lstmkit/train/trainer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

#include <nlohmann/json.hpp>

#include "lstmkit/error.h"
#include "lstmkit/models/lm_task.h"
#include "lstmkit/optim/state.h"
#include "lstmkit/text/tokenizer.h"
#include "lstmkit/train/interrupt.h"
#include "lstmkit/train/log_csv.h"
#include "support/temp_dir.h"

namespace lstmkit::train {

namespace fs = std::filesystem;

// A task without a network, so that each rule of the loop can be watched: w [3] is pulled towards one
// target per batch. begin_epoch shuffles the batch order with the trainer's Rng and train_batch draws
// from it (as dropout does), and a carried scalar sums the epoch's losses (as an LM carries h and c), so
// a resume that restores either generator or the carried state wrongly moves the weights.
class FakeTask : public TrainTask {
 public:
  explicit FakeTask(int64_t batches = 5) : batches_(batches) { params_.add("w", {3}); }

  nn::Parameters& parameters() override { return params_; }
  int64_t batches_per_epoch() const override { return batches_; }
  void begin_epoch(int, Rng& rng) override {
    order_.resize(static_cast<size_t>(batches_));
    std::iota(order_.begin(), order_.end(), 0);
    for (size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[rng.below(i)]);
    carried_ = 0;
  }
  BatchResult train_batch(int64_t index, Rng& rng) override {
    ++trained;
    const double target = static_cast<double>(order_[static_cast<size_t>(index)]) + rng.uniform();
    double loss = 0;
    for (size_t i = 0; i < 3; ++i) {
      const double d = params_.values()[i] + 1e-3 * carried_ - target;
      loss += 0.5 * d * d;
      params_.grads()[i] += static_cast<float>(d);
    }
    carried_ += static_cast<float>(loss);
    if (trained == nan_loss_at) loss = std::numeric_limits<double>::quiet_NaN();
    if (trained == inf_grad_at) params_.grads()[0] = std::numeric_limits<float>::infinity();
    return {loss, 1};
  }
  std::optional<double> validate() override {
    validated_after.push_back(trained);
    if (val_losses.empty()) return 0.5 * std::inner_product(params_.values().begin(), params_.values().end(),
                                                            params_.values().begin(), 0.0);
    return val_losses[std::min(validated_after.size(), val_losses.size()) - 1];
  }
  io::Metadata model_metadata() const override { return {{"kind", "fake"}, {"config", config}}; }
  std::vector<io::TensorRef> carried_state() const override { return {{"state.s", {1}, &carried_}}; }
  void restore_carried_state(const std::vector<io::Tensor>& extra, const std::string&) override {
    for (const auto& t : extra)
      if (t.name == "state.s") carried_ = t.data.at(0);
  }
  std::string unit() const override { return "item"; }

  int64_t trained = 0;                   // train_batch calls
  std::vector<int64_t> validated_after;  // `trained` at each validate()
  std::vector<double> val_losses;        // the k-th validation's loss (the last repeats); empty: ½|w|²
  int64_t nan_loss_at = -1, inf_grad_at = -1;
  std::string config = "{\"width\": 3}";

 private:
  int64_t batches_;
  nn::Parameters params_;
  std::vector<int64_t> order_;  // [batches] the epoch's shuffled batch order
  float carried_ = 0;
};

// Asks the trainer to stop once it reports step `step`.
class InterruptAt : public Reporter {
 public:
  explicit InterruptAt(int64_t step) : step_(step) {}
  void progress(const Progress& p) override {
    if (p.step == step_) request_interrupt();
  }
  void note(const std::string&) override {}

 private:
  int64_t step_;
};

// The message of the lstmkit::Error that `f` throws; "" when it throws none.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

inline bool same_bits(const nn::Parameters& a, const nn::Parameters& b) {
  return a.size() == b.size() && std::memcmp(a.values().data(), b.values().data(), a.size() * sizeof(float)) == 0;
}

inline TrainerOptions fake_options(const fs::path& out, int epochs) {
  TrainerOptions o;
  o.out = out;
  o.epochs = epochs;
  o.seed = 3;
  o.optimizer = optim::default_config(optim::OptimizerKind::adam);
  o.optimizer.lr = o.schedule.lr = 0.05;
  return o;
}

// A character LM (2 × LSTM 16, dropout 0.25) on a short text: 13 batches of [T 8, N 4] per epoch.
struct LmRun {
  std::unique_ptr<models::LanguageModel> model;
  std::unique_ptr<models::LmTask> task;
};

inline LmRun make_lm(uint64_t init_seed) {
  std::string text;
  for (int i = 0; i < 12; ++i) text += "the quick brown fox jumps over the lazy dog\n";
  const auto tokens = text::Tokenizer(text::Unit::grapheme, text::Normalization::nfc).tokenize(text);
  text::Vocab vocab = text::Vocab::build(text::TokenCounts(tokens), text::Unit::grapheme, text::Normalization::nfc);
  const std::vector<int> ids = vocab.encode(tokens);
  data::LmSplit split = data::split_tail(ids, 0.2, 4, 8);
  LmRun run;
  run.model = std::make_unique<models::LanguageModel>(std::move(vocab),
                                                      models::LmConfig{nn::CellKind::lstm, 16, 2, 0.25f});
  Rng rng(init_seed);
  run.model->initialize(nn::InitScheme::keras, rng);
  run.task = std::make_unique<models::LmTask>(*run.model, std::move(split.train), std::move(split.val), 4, 8);
  return run;
}

// Adam with a per-epoch step decay (so the schedule's state matters too) and mid-epoch validations.
inline TrainerOptions lm_options(const fs::path& out) {
  TrainerOptions o;
  o.out = out;
  o.epochs = 3;
  o.seed = 11;
  o.eval_every = 5;
  o.optimizer = optim::default_config(optim::OptimizerKind::adam);
  o.optimizer.lr = o.schedule.lr = 1e-2;
  o.schedule.kind = optim::ScheduleKind::step;
  o.schedule.step = {0.5, 1, 1};
  return o;
}

// The log as text without the timing column, which no two runs share.
inline std::vector<std::string> untimed_log(const fs::path& out) {
  auto field = [](const std::optional<double>& x) { return x ? optim::format_exact(*x) : ""; };
  std::vector<std::string> rows;
  for (const LogRow& r : read_log_csv(out / "log.csv"))
    rows.push_back(std::to_string(r.step) + "," + std::to_string(r.epoch) + "," + field(r.batch_loss) + "," +
                   field(r.train_loss) + "," + field(r.val_loss) + "," + field(r.lr));
  return rows;
}

// The steps of the log's rows: one per optimiser step, validated or not.
inline std::vector<int64_t> training_steps(const fs::path& out) {
  std::vector<int64_t> steps;
  for (const LogRow& r : read_log_csv(out / "log.csv")) steps.push_back(r.step);
  return steps;
}

inline std::vector<int64_t> one_to(int64_t n) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), 1);
  return v;
}

class TrainerTest : public ::testing::Test {
 protected:
  void SetUp() override { clear_interrupt(); }
  void TearDown() override { clear_interrupt(); }

  // Runs the LM uninterrupted into dir_/straight, and again into dir_/split stopped after step
  // `interrupt_step` (0: before the first) and resumed by a fresh model and trainer; the two runs must
  // end bit-identical: weights, both checkpoint files (optimiser moments and train_state included) and log.
  void expect_lm_resume_is_exact(int64_t interrupt_step) {
    SilentReporter silent;
    LmRun straight = make_lm(5);
    ASSERT_EQ(straight.task->batches_per_epoch(), 13);
    const TrainResult full = Trainer(*straight.task, lm_options(dir_ / "straight"), silent).run();
    ASSERT_EQ(full.outcome, TrainOutcome::finished);
    ASSERT_EQ(full.step, 39);

    LmRun first = make_lm(5);
    InterruptAt stop(interrupt_step);
    if (interrupt_step == 0) request_interrupt();
    const TrainResult cut = Trainer(*first.task, lm_options(dir_ / "split"), stop).run();
    ASSERT_EQ(cut.outcome, TrainOutcome::interrupted);
    ASSERT_EQ(cut.step, interrupt_step);
    clear_interrupt();

    LmRun second = make_lm(99);  // other initial weights: everything must come from the checkpoint
    TrainerOptions resume = lm_options(dir_ / "split");
    resume.resume = true;
    const TrainResult rest = Trainer(*second.task, resume, silent).run();
    EXPECT_EQ(rest.outcome, TrainOutcome::finished);
    EXPECT_EQ(rest.step, 39);
    EXPECT_EQ(rest.epoch, 3);
    EXPECT_EQ(rest.best_val, full.best_val);
    EXPECT_EQ(rest.last_train_loss, full.last_train_loss);
    EXPECT_TRUE(same_bits(second.model->parameters(), straight.model->parameters()));
    EXPECT_EQ(testing::read_bytes(dir_ / "split" / "last.safetensors"), testing::read_bytes(dir_ / "straight" / "last.safetensors"));
    EXPECT_EQ(testing::read_bytes(dir_ / "split" / "model.safetensors"), testing::read_bytes(dir_ / "straight" / "model.safetensors"));
    // No step logged twice: the resumed log is the uninterrupted one, row for row.
    EXPECT_EQ(training_steps(dir_ / "split"), one_to(39));
    EXPECT_EQ(untimed_log(dir_ / "split"), untimed_log(dir_ / "straight"));
  }

  testing::TempDir scratch_;
  fs::path dir_ = scratch_ / "out";  // the run's output directory, created by the trainer
};

}  // namespace lstmkit::train
