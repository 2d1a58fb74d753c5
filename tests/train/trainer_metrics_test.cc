// Validation metrics in the training loop: the best model and early stopping by a larger-is-better
// metric (--best-by), the metrics in log.csv, names checked before training, the best score carried
// exactly through a resume, and label smoothing refused by a task without a classification loss.
#include <gtest/gtest.h>

#include "lstmkit/io/checkpoint.h"
#include "train/trainer_fixtures.h"

namespace lstmkit::train {
namespace {

// FakeTask with a scripted "bleu" (the k-th validation's value, the last repeating) and a "chrf" of
// twice that.
class MetricTask : public FakeTask {
 public:
  std::map<std::string, double> validation_metrics() override {
    const double bleu = bleu_values[std::min(validated_after.size(), bleu_values.size()) - 1];
    return {{"bleu", bleu}, {"chrf", 2 * bleu}};
  }
  std::vector<std::string> metric_names() const override { return {"bleu", "chrf"}; }
  std::vector<double> bleu_values;
};

std::string best_state(const fs::path& out) {
  return io::Checkpoint::read_metadata(best_model_path(out)).at("train_state");
}

// train_state's best_score in model.safetensors (a number written as text), or nullopt.
std::optional<double> best_score(const fs::path& out) {
  const nlohmann::json j = nlohmann::json::parse(best_state(out));
  if (!j.contains("best_score") || j["best_score"].is_null()) return std::nullopt;
  return std::stod(j["best_score"].get<std::string>());
}

TEST_F(TrainerTest, BestByAMetricKeepsTheHighestAndStopsOnItsPatience) {
  SilentReporter silent;
  MetricTask task;
  task.val_losses = {5, 4, 3, 2, 1, 0.5};  // the loss improves every time: only the metric can stop the run
  task.bleu_values = {1, 3, 2, 3, 2.5};
  TrainerOptions o = fake_options(dir_ / "run", 10);
  o.best_by = "bleu";
  o.patience = 3;
  const TrainResult r = Trainer(task, o, silent).run();
  // Validations 1 (best), 2 (best: 3), 3, 4 (3 again: not better), 5: three without improvement.
  EXPECT_EQ(r.outcome, TrainOutcome::early_stopped);
  EXPECT_EQ(task.validated_after.size(), 5u);
  EXPECT_EQ(r.best_val, 4.0) << "the validation loss of the best model, not the lowest loss";
  EXPECT_EQ(best_score(o.out), 3.0);
  EXPECT_EQ(nlohmann::json::parse(best_state(o.out))["step"], 10) << "model.safetensors is epoch 2's";

  // log.csv: one val_<metric> column per metric, filled on the validation rows only.
  std::vector<std::vector<std::optional<double>>> logged;
  for (const LogRow& row : read_log_csv(o.out / "log.csv"))
    if (row.val_loss) logged.push_back(row.metrics);
    else EXPECT_TRUE(row.metrics.empty()) << "step " << row.step;
  ASSERT_EQ(logged.size(), 5u);
  EXPECT_EQ(logged[1], (std::vector<std::optional<double>>{3.0}));  // --best-by adds "bleu" to none asked
  const std::string header = testing::read_bytes(o.out / "log.csv").substr(0, 128);
  EXPECT_EQ(header.substr(0, header.find('\n')), "step,epoch,batch_loss,train_loss,val_loss,lr,item_per_s,val_bleu");
}

TEST_F(TrainerTest, ReportedMetricsDoNotChangeWhatIsBestByLoss) {
  SilentReporter silent;
  MetricTask task;
  task.val_losses = {3, 2, 2.5};
  task.bleu_values = {1, 0.5, 9};
  TrainerOptions o = fake_options(dir_ / "run", 3);
  o.valid_metrics = {"chrf", "bleu"};
  const TrainResult r = Trainer(task, o, silent).run();
  EXPECT_EQ(r.best_val, 2.0);
  EXPECT_FALSE(best_score(o.out).has_value());
  const std::vector<LogRow> rows = read_log_csv(o.out / "log.csv");
  EXPECT_EQ(rows.back().metrics, (std::vector<std::optional<double>>{18.0, 9.0}));  // in the order asked
}

TEST_F(TrainerTest, UnknownMetricsAndLabelSmoothingAreRefusedBeforeTraining) {
  SilentReporter silent;
  MetricTask task;
  TrainerOptions o = fake_options(dir_ / "run", 1);
  o.valid_metrics = {"ter"};
  try {
    Trainer(task, o, silent);
    ADD_FAILURE() << "accepted an unknown metric";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`valid_metrics`");
  }
  o.valid_metrics = {};
  o.best_by = "meteor";
  try {
    Trainer(task, o, silent);
    ADD_FAILURE() << "accepted an unknown --best-by";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`best_by`");
  }
  o.best_by = "loss";
  o.label_smoothing = 0.1;  // FakeTask has no softmax to smooth
  try {
    Trainer(task, o, silent);
    ADD_FAILURE() << "accepted label smoothing";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`label_smoothing`");
  }
  o.label_smoothing = 1.0;
  EXPECT_THROW(validate(o), UsageError);
  EXPECT_TRUE(task.validated_after.empty());
  EXPECT_EQ(task.trained, 0);
}

TEST_F(TrainerTest, ResumeKeepsTheBestScore) {
  // Interrupted after epoch 2 and resumed, a run selects, stops and logs as the straight run does: the
  // best score (3, from epoch 2) must survive the checkpoint for epoch 3's 2.5 not to count as better.
  SilentReporter silent;
  auto options = [&](const fs::path& out) {
    TrainerOptions o = fake_options(out, 6);
    o.best_by = "chrf";
    o.patience = 2;
    return o;
  };
  MetricTask straight;
  straight.bleu_values = {1, 3, 2.5, 2.5, 4};
  const TrainResult a = Trainer(straight, options(dir_ / "straight"), silent).run();
  EXPECT_EQ(a.outcome, TrainOutcome::early_stopped);

  MetricTask first;
  first.bleu_values = {1, 3};
  InterruptAt stop(11);  // the first step of epoch 3
  EXPECT_EQ(Trainer(first, options(dir_ / "split"), stop).run().outcome, TrainOutcome::interrupted);
  clear_interrupt();
  MetricTask second;
  second.bleu_values = {2.5, 2.5, 4};
  TrainerOptions o = options(dir_ / "split");
  o.resume = true;
  const TrainResult b = Trainer(second, o, silent).run();
  EXPECT_EQ(b.outcome, TrainOutcome::early_stopped);
  EXPECT_EQ(b.step, a.step);
  EXPECT_EQ(best_state(dir_ / "split"), best_state(dir_ / "straight"));
  EXPECT_EQ(untimed_log(dir_ / "split"), untimed_log(dir_ / "straight"));
}

}  // namespace
}  // namespace lstmkit::train
