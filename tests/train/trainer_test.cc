#include "lstmkit/train/trainer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <numeric>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lstmkit/error.h"
#include "lstmkit/models/lm_task.h"
#include "lstmkit/optim/state.h"
#include "lstmkit/text/tokenizer.h"
#include "lstmkit/train/interrupt.h"
#include "lstmkit/train/log_csv.h"

namespace lstmkit::train {

namespace fs = std::filesystem;

namespace {

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

std::string file_bytes(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

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

bool same_bits(const nn::Parameters& a, const nn::Parameters& b) {
  return a.size() == b.size() && std::memcmp(a.values().data(), b.values().data(), a.size() * sizeof(float)) == 0;
}

TrainerOptions fake_options(const fs::path& out, int epochs) {
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

LmRun make_lm(uint64_t init_seed) {
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
TrainerOptions lm_options(const fs::path& out) {
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
std::vector<std::string> untimed_log(const fs::path& out) {
  auto field = [](const std::optional<double>& x) { return x ? optim::format_exact(*x) : ""; };
  std::vector<std::string> rows;
  for (const LogRow& r : read_log_csv(out / "log.csv"))
    rows.push_back(std::to_string(r.step) + "," + std::to_string(r.epoch) + "," + field(r.train_loss) + "," +
                   field(r.val_loss) + "," + field(r.lr));
  return rows;
}

// The steps of the rows without a validation loss: one per optimiser step.
std::vector<int64_t> training_steps(const fs::path& out) {
  std::vector<int64_t> steps;
  for (const LogRow& r : read_log_csv(out / "log.csv"))
    if (!r.val_loss) steps.push_back(r.step);
  return steps;
}

std::vector<int64_t> one_to(int64_t n) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), 1);
  return v;
}

class TrainerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clear_interrupt();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           ("lstmkit-trainer-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
  }
  void TearDown() override {
    clear_interrupt();
    fs::remove_all(dir_);
  }

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
    EXPECT_EQ(file_bytes(dir_ / "split" / "last.safetensors"), file_bytes(dir_ / "straight" / "last.safetensors"));
    EXPECT_EQ(file_bytes(dir_ / "split" / "model.safetensors"), file_bytes(dir_ / "straight" / "model.safetensors"));
    // No step logged twice: the resumed log is the uninterrupted one, row for row.
    EXPECT_EQ(training_steps(dir_ / "split"), one_to(39));
    EXPECT_EQ(untimed_log(dir_ / "split"), untimed_log(dir_ / "straight"));
  }

  fs::path dir_;
};

}  // namespace

TEST_F(TrainerTest, LmResumeMidEpochIsBitIdentical) { expect_lm_resume_is_exact(7); }
TEST_F(TrainerTest, LmResumeInTheSecondEpochIsBitIdentical) { expect_lm_resume_is_exact(20); }
TEST_F(TrainerTest, LmResumeAtAnEpochBoundaryIsBitIdentical) { expect_lm_resume_is_exact(13); }
TEST_F(TrainerTest, LmResumeBeforeTheFirstStepIsBitIdentical) { expect_lm_resume_is_exact(0); }

// The epoch's shuffle is drawn by begin_epoch: a resume must replay it from the generator as it was then.
TEST_F(TrainerTest, ResumeReplaysTheEpochShuffle) {
  SilentReporter silent;
  for (const int64_t at : {3, 5, 6, 10}) {
    SCOPED_TRACE("interrupted after step " + std::to_string(at));
    FakeTask straight;
    Trainer(straight, fake_options(dir_ / "straight", 3), silent).run();

    FakeTask first;
    InterruptAt stop(at);
    ASSERT_EQ(Trainer(first, fake_options(dir_ / "split", 3), stop).run().outcome, TrainOutcome::interrupted);
    clear_interrupt();
    FakeTask second;
    TrainerOptions resume = fake_options(dir_ / "split", 3);
    resume.resume = true;
    EXPECT_EQ(Trainer(second, resume, silent).run().step, 15);
    EXPECT_TRUE(same_bits(second.parameters(), straight.parameters()));
    EXPECT_EQ(untimed_log(dir_ / "split"), untimed_log(dir_ / "straight"));
    fs::remove_all(dir_);
  }
}

// A checkpoint written before train_state held the epoch's running loss still resumes.
TEST_F(TrainerTest, ResumesACheckpointWithoutTheRunningLoss) {
  SilentReporter silent;
  FakeTask first;
  InterruptAt stop(3);
  Trainer(first, fake_options(dir_, 1), stop).run();
  clear_interrupt();
  FakeTask second;
  io::Checkpoint cp = io::Checkpoint::load(last_model_path(dir_), second.parameters());
  nlohmann::json state = nlohmann::json::parse(cp.metadata.at("train_state"));
  ASSERT_EQ(state.erase("epoch_loss") + state.erase("epoch_units"), 2u);
  cp.metadata["train_state"] = state.dump();
  std::vector<io::TensorRef> extra;
  for (const auto& t : cp.extra) extra.push_back({t.name, t.shape, t.data.data()});
  io::Checkpoint::save(last_model_path(dir_), second.parameters(), extra, cp.metadata);

  TrainerOptions o = fake_options(dir_, 1);
  o.resume = true;
  EXPECT_EQ(Trainer(second, o, silent).run().step, 5);
  EXPECT_EQ(second.trained, 2);
}

TEST_F(TrainerTest, SameSeedSameWeightsOtherSeedOtherWeights) {
  SilentReporter silent;
  LmRun a = make_lm(5), b = make_lm(5), c = make_lm(5);
  TrainerOptions o = lm_options(dir_ / "a");
  o.epochs = 1;
  Trainer(*a.task, o, silent).run();
  o.out = dir_ / "b";
  Trainer(*b.task, o, silent).run();
  o.out = dir_ / "c";
  o.seed = 12;  // other dropout masks
  Trainer(*c.task, o, silent).run();
  EXPECT_TRUE(same_bits(a.model->parameters(), b.model->parameters()));
  EXPECT_FALSE(same_bits(a.model->parameters(), c.model->parameters()));
}

TEST_F(TrainerTest, InterruptedRunSavesItsPositionAndSaysSo) {
  FakeTask task;
  InterruptAt stop(3);
  const TrainResult r = Trainer(task, fake_options(dir_, 2), stop).run();
  EXPECT_EQ(r.outcome, TrainOutcome::interrupted);
  EXPECT_EQ(r.step, 3);
  EXPECT_EQ(r.epoch, 0);
  EXPECT_EQ(task.trained, 3);
  ASSERT_TRUE(fs::exists(last_model_path(dir_)));
  EXPECT_FALSE(fs::exists(best_model_path(dir_)));  // no validation yet
  const io::Metadata meta = io::Checkpoint::read_metadata(last_model_path(dir_));
  EXPECT_NE(meta.at("train_state").find("\"batch\":3"), std::string::npos) << meta.at("train_state");
}

TEST_F(TrainerTest, RefusesToOverwriteAModelUnlessForced) {
  SilentReporter silent;
  FakeTask first;
  Trainer(first, fake_options(dir_, 1), silent).run();
  const std::string before = file_bytes(best_model_path(dir_));

  FakeTask second;
  try {
    Trainer(second, fake_options(dir_, 1), silent).run();
    FAIL() << "a second run overwrote " << dir_;
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), dir_.string());
    EXPECT_NE(std::string(e.what()).find("already holds a trained model"), std::string::npos) << e.what();
  }
  EXPECT_EQ(second.trained, 0);
  EXPECT_EQ(file_bytes(best_model_path(dir_)), before);

  TrainerOptions force = fake_options(dir_, 2);
  force.force = true;
  EXPECT_EQ(Trainer(second, force, silent).run().step, 10);
  EXPECT_EQ(second.trained, 10);
  EXPECT_EQ(training_steps(dir_), one_to(10));  // the old log was started afresh
}

TEST_F(TrainerTest, ResumeNeedsACheckpointOfTheSameModel) {
  SilentReporter silent;
  FakeTask task;
  TrainerOptions o = fake_options(dir_, 1);
  o.resume = true;
  EXPECT_NE(error_of([&] { Trainer(task, o, silent).run(); }).find("no checkpoint to resume from"),
            std::string::npos);

  Trainer(task, fake_options(dir_, 1), silent).run();
  FakeTask other;
  other.config = "{\"width\": 4}";
  EXPECT_NE(error_of([&] { Trainer(other, o, silent).run(); }).find("was trained with another model config"),
            std::string::npos);
  EXPECT_EQ(other.trained, 0);
}

TEST_F(TrainerTest, NonFiniteLossOrGradientStopsAndLeavesTheCheckpointsAlone) {
  SilentReporter silent;
  FakeTask first;
  Trainer(first, fake_options(dir_, 1), silent).run();
  const std::string last = file_bytes(last_model_path(dir_)), best = file_bytes(best_model_path(dir_));
  for (const bool loss : {true, false}) {
    FakeTask resumed;
    (loss ? resumed.nan_loss_at : resumed.inf_grad_at) = 2;  // the resumed run's second step: step 7
    TrainerOptions o = fake_options(dir_, 2);
    o.resume = true;
    try {
      Trainer(resumed, o, silent).run();
      ADD_FAILURE() << "a non-finite " << (loss ? "loss" : "gradient") << " did not stop training";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(loss ? "the loss is not finite" : "the gradient is not finite"),
                std::string::npos)
          << e.what();
      EXPECT_EQ(e.where(), "epoch 2, step 7");
    }
    EXPECT_EQ(file_bytes(last_model_path(dir_)), last);
    EXPECT_EQ(file_bytes(best_model_path(dir_)), best);
  }
}

TEST_F(TrainerTest, EarlyStoppingAfterPatienceValidationsWithoutImprovement) {
  SilentReporter silent;
  FakeTask flat;
  flat.val_losses = {1.0};
  TrainerOptions o = fake_options(dir_ / "flat", 10);
  o.patience = 2;
  const TrainResult r = Trainer(flat, o, silent).run();
  EXPECT_EQ(r.outcome, TrainOutcome::early_stopped);
  EXPECT_EQ(flat.validated_after.size(), 3u);  // the first sets the best, then `patience` without improvement
  EXPECT_EQ(r.epoch, 3);
  EXPECT_EQ(r.step, 15);
  EXPECT_EQ(r.best_val, 1.0);

  // An improvement resets the count: validations 3 2 | 2.5 | 1 | 1.5 1.5 stop at the sixth.
  FakeTask bumpy;
  bumpy.val_losses = {3, 2, 2.5, 1, 1.5, 1.5, 0.1};
  o.out = dir_ / "bumpy";
  const TrainResult b = Trainer(bumpy, o, silent).run();
  EXPECT_EQ(b.outcome, TrainOutcome::early_stopped);
  EXPECT_EQ(bumpy.validated_after.size(), 6u);
  EXPECT_EQ(b.best_val, 1.0);
}

TEST_F(TrainerTest, EvalEveryValidatesMidEpochAndAtEpochEnds) {
  SilentReporter silent;
  FakeTask task;
  TrainerOptions o = fake_options(dir_, 2);
  o.eval_every = 2;
  Trainer(task, o, silent).run();
  EXPECT_EQ(task.validated_after, (std::vector<int64_t>{2, 4, 5, 6, 8, 10}));
  std::vector<int64_t> val_steps, train_steps;
  for (const LogRow& row : read_log_csv(dir_ / "log.csv")) (row.val_loss ? val_steps : train_steps).push_back(row.step);
  EXPECT_EQ(val_steps, (std::vector<int64_t>{2, 4, 5, 6, 8, 10}));
  EXPECT_EQ(train_steps, (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
}

TEST_F(TrainerTest, RejectsBadOptions) {
  SilentReporter silent;
  FakeTask task;
  TrainerOptions o = fake_options(dir_, 0);
  EXPECT_THROW(Trainer(task, o, silent), UsageError);
  o.epochs = 1;
  o.patience = -1;
  EXPECT_THROW(Trainer(task, o, silent), UsageError);
  EXPECT_FALSE(fs::exists(dir_));
}

}  // namespace lstmkit::train
