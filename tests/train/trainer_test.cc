#include <gtest/gtest.h>

#include "train/trainer_fixtures.h"

namespace lstmkit::train {

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
  const io::Metadata meta = io::Checkpoint::read_metadata(last_model_path(dir_));
  EXPECT_NE(meta.at("train_state").find("\"batch\":3"), std::string::npos) << meta.at("train_state");
  // Stopped before its first validation, the run has no best model: the latest stands in for it, so that
  // the model.safetensors every next command names exists whenever a checkpoint does.
  ASSERT_TRUE(fs::exists(best_model_path(dir_)));
  nn::Parameters best, last;
  best.add("w", {3});
  last.add("w", {3});
  io::Checkpoint::load(best_model_path(dir_), best);
  io::Checkpoint::load(last_model_path(dir_), last);
  EXPECT_TRUE(same_bits(best, last));
  EXPECT_TRUE(same_bits(best, task.parameters()));
}

TEST_F(TrainerTest, AnInterruptionAfterAValidationKeepsTheBestModel) {
  FakeTask task;
  InterruptAt stop(7);  // validated after step 5, the end of epoch 1
  ASSERT_EQ(Trainer(task, fake_options(dir_, 2), stop).run().outcome, TrainOutcome::interrupted);
  const io::Metadata best = io::Checkpoint::read_metadata(best_model_path(dir_));
  EXPECT_NE(best.at("train_state").find("\"step\":5"), std::string::npos) << best.at("train_state");
}

TEST_F(TrainerTest, RefusesToOverwriteAModelUnlessForced) {
  SilentReporter silent;
  FakeTask first;
  Trainer(first, fake_options(dir_, 1), silent).run();
  const std::string before = testing::read_bytes(best_model_path(dir_));

  FakeTask second;
  try {
    Trainer(second, fake_options(dir_, 1), silent).run();
    FAIL() << "a second run overwrote " << dir_;
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), dir_.string());
    EXPECT_NE(std::string(e.what()).find("already holds a trained model"), std::string::npos) << e.what();
  }
  EXPECT_EQ(second.trained, 0);
  EXPECT_EQ(testing::read_bytes(best_model_path(dir_)), before);

  TrainerOptions force = fake_options(dir_, 2);
  force.force = true;
  EXPECT_EQ(Trainer(second, force, silent).run().step, 10);
  EXPECT_EQ(second.trained, 10);
  EXPECT_EQ(training_steps(dir_), one_to(10));  // the old log was started afresh
}

TEST_F(TrainerTest, AForcedRunThatFailsBeforeItsFirstCheckpointLeavesTheOldRunAlone) {
  SilentReporter silent;
  FakeTask first;
  Trainer(first, fake_options(dir_, 1), silent).run();
  const std::string log = testing::read_bytes(dir_ / "log.csv"), best = testing::read_bytes(best_model_path(dir_));

  FakeTask failing;
  failing.nan_loss_at = 3;  // as a full disk would stop it: after logging two steps, before any checkpoint
  TrainerOptions force = fake_options(dir_, 1);
  force.force = true;
  EXPECT_THROW(Trainer(failing, force, silent).run(), Error);
  EXPECT_EQ(failing.trained, 3);
  EXPECT_EQ(testing::read_bytes(dir_ / "log.csv"), log);
  EXPECT_EQ(testing::read_bytes(best_model_path(dir_)), best);
  EXPECT_FALSE(fs::exists(dir_ / "log.csv.new"));
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
  const std::string last = testing::read_bytes(last_model_path(dir_)), best = testing::read_bytes(best_model_path(dir_));
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
    EXPECT_EQ(testing::read_bytes(last_model_path(dir_)), last);
    EXPECT_EQ(testing::read_bytes(best_model_path(dir_)), best);
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
  // One row per step, the validation that followed a step in that step's row.
  std::vector<int64_t> val_steps, steps;
  for (const LogRow& row : read_log_csv(dir_ / "log.csv")) {
    steps.push_back(row.step);
    if (row.val_loss) val_steps.push_back(row.step);
    EXPECT_TRUE(row.batch_loss && row.train_loss && row.rate) << "step " << row.step;
  }
  EXPECT_EQ(val_steps, (std::vector<int64_t>{2, 4, 5, 6, 8, 10}));
  EXPECT_EQ(steps, one_to(10));
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
