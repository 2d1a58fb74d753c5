// The training record a time-series model keeps and the config rebuilt from it: every setting comes
// back, the checkpoint keeps it, a model retrained from it on the same data is the same model, and a
// model without a record or with a damaged one is refused.
#include "lstmkit/jobs/ts_retrain.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "jobs/jobs_fixtures.h"
#include "lstmkit/error.h"

namespace lstmkit::jobs {
namespace {

using lstmkit::testing::TempDir;

// tiny_config with every recorded setting away from its default.
void unusual_settings(TsTrainConfig& c) {
  c.init = nn::InitScheme::torch;
  c.batch = 8;
  c.transform.lags = {1, 12};
  c.shape.cell = nn::CellKind::gru;
  c.trainer.epochs = 3;
  c.trainer.eval_every = 5;
  c.trainer.clip = 2.5;
  c.trainer.patience = 7;
  c.trainer.seed = 42;
  c.trainer.optimizer = optim::default_config(optim::OptimizerKind::sgd);
  c.trainer.optimizer.lr = 0.03;
  c.trainer.optimizer.momentum = 0.8;
  c.trainer.optimizer.nesterov = true;
  c.trainer.optimizer.weight_decay = 1e-4;
  c.trainer.schedule.kind = optim::ScheduleKind::step;
  c.trainer.schedule.lr = 0.03;
  c.trainer.schedule.warmup = 4;
  c.trainer.schedule.step = {0.5, 2, 1};
  c.trainer.schedule.plateau.factor = 0.3;
  c.trainer.schedule.plateau.cooldown = 2;
}

TEST(TsRetrain, EverySettingComesBackFromTheCheckpoint) {
  TempDir dir;
  const auto model = models::Regressor::load(testing::rising_sine_checkpoint(dir.path(), unusual_settings));
  models::TsSource other;
  other.csv = (dir.path() / "other.csv").string();
  const TsTrainConfig c = retrain_config(*model, other, dir.path() / "again");

  TsTrainConfig want = testing::tiny_config(dir.path() / "train.csv", dir.path() / "m");
  unusual_settings(want);
  EXPECT_EQ(c.spec.source.csv, other.csv);
  EXPECT_EQ(c.spec.window.length, want.spec.window.length);
  EXPECT_EQ(c.transform.lags, want.transform.lags);
  EXPECT_EQ(c.shape.cell, nn::CellKind::gru);
  EXPECT_EQ(c.shape.hidden, want.shape.hidden);
  EXPECT_EQ(c.init, nn::InitScheme::torch);
  EXPECT_EQ(c.batch, 8u);
  EXPECT_FALSE(c.classify);
  EXPECT_EQ(c.trainer.out, dir.path() / "again");
  EXPECT_TRUE(c.trainer.force);
  EXPECT_FALSE(c.trainer.resume);
  EXPECT_EQ(c.trainer.epochs, 3);
  EXPECT_EQ(c.trainer.eval_every, 5);
  EXPECT_EQ(c.trainer.clip, 2.5);
  EXPECT_EQ(c.trainer.patience, 7);
  EXPECT_EQ(c.trainer.seed, 42u);
  const optim::OptimizerConfig& o = c.trainer.optimizer;
  EXPECT_EQ(o.kind, optim::OptimizerKind::sgd);
  EXPECT_EQ(o.lr, 0.03);
  EXPECT_EQ(o.momentum, 0.8);
  EXPECT_TRUE(o.nesterov);
  EXPECT_EQ(o.weight_decay, 1e-4);
  EXPECT_EQ(o.epsilon, want.trainer.optimizer.epsilon);
  const optim::ScheduleConfig& s = c.trainer.schedule;
  EXPECT_EQ(s.kind, optim::ScheduleKind::step);
  EXPECT_EQ(s.warmup, 4);
  EXPECT_EQ(s.step.factor, 0.5);
  EXPECT_EQ(s.step.every, 2);
  EXPECT_EQ(s.step.start, 1);
  EXPECT_EQ(s.plateau.factor, 0.3);
  EXPECT_EQ(s.plateau.cooldown, 2);
  EXPECT_EQ(c.trainer.best_by, "loss");
}

TEST(TsRetrain, RetrainingOnTheSameDataMakesTheSameModel) {
  TempDir dir;
  const auto first = models::Regressor::load(testing::rising_sine_checkpoint(dir.path()));
  train::SilentReporter silent;
  const auto path = train_ts(retrain_config(*first, first->spec().source, dir.path() / "again"), silent).best_model;
  const auto second = models::Regressor::load(path);
  const auto a = first->parameters().values(), b = second->parameters().values();
  ASSERT_EQ(a.size(), b.size());
  EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin()));
  EXPECT_EQ(second->training_record(), first->training_record());
}

TEST(TsRetrain, AModelWithoutARecordIsRefused) {
  TempDir dir;
  auto model = models::Regressor::load(testing::rising_sine_checkpoint(dir.path()));
  model->set_training_record("");
  try {
    retrain_config(*model, model->spec().source, dir.path() / "again");
    FAIL() << "retrained without a record";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`retrain`");
  }
  // A damaged record is the file's fault, not a usage error.
  for (const char* damaged : {R"({"init": "keras", "batch": 16})", R"({"init": "sideways"})", "{"}) {
    model->set_training_record(damaged);
    try {
      retrain_config(*model, model->spec().source, dir.path() / "again");
      FAIL() << "accepted " << damaged;
    } catch (const UsageError& e) {
      FAIL() << damaged << " is called a usage error: " << e.what();
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), "the model's training record") << damaged;
    }
  }
}

}  // namespace
}  // namespace lstmkit::jobs
