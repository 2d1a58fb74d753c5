#include "lstmkit/models/ts_task.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "lstmkit/data/synthetic.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/train/interrupt.h"
#include "models/ts_fixtures.h"

namespace lstmkit::models {
namespace {

using testing::fit;
using testing::new_model;
using testing::sine_data;
using testing::spec_for;
using testing::TempDir;

TEST(TsTask, TrainingWindowsNeverTouchValidationRows) {
  const TsData raw = sine_data(100, 16);
  const TsSpec spec = spec_for(raw, {10, 3, false}, false, 0.25);
  auto model = new_model(raw, spec, 4);
  TsTask task(*model, to_model_units(raw, spec, model->scaler()), 8);
  EXPECT_EQ(task.boundary(), 75u);
  // A window starting at s reads rows s .. s+9 and predicts row s+12.
  ASSERT_FALSE(task.train_examples().empty());
  for (size_t s : task.train_examples()) EXPECT_LT(s + 12, 75u) << "training window " << s;
  EXPECT_EQ(task.train_examples().back(), 75u - 13);
  for (size_t s : task.validation_examples()) EXPECT_GE(s + 12, 75u) << "validation window " << s;
  EXPECT_EQ(task.validation_examples().front(), 75u - 12);
  EXPECT_EQ(task.validation_examples().back(), 100u - 13);
  EXPECT_EQ(task.batches_per_epoch(), static_cast<int64_t>((task.train_examples().size() + 7) / 8));
  EXPECT_EQ(task.unit(), "win");
}

TEST(TsTask, EachEpochVisitsEveryTrainingWindowOnceInASeededOrder) {
  const TsData raw = sine_data(100, 16);
  const TsSpec spec = spec_for(raw, {10, 1, false});
  auto model = new_model(raw, spec, 4);
  TsTask task(*model, to_model_units(raw, spec, model->scaler()), 16);
  auto epoch_order = [&](Rng& rng) {
    task.begin_epoch(1, rng);
    std::vector<size_t> order;
    for (const auto& b : task.epoch_batches()) order.insert(order.end(), b.begin(), b.end());
    return order;
  };
  Rng a(3), b(3);
  const std::vector<size_t> first = epoch_order(a), again = epoch_order(b), second = epoch_order(a);
  EXPECT_EQ(first, again);   // the order is the generator's: a resumed run replays it
  EXPECT_NE(first, second);  // and a new one every epoch
  std::vector<size_t> sorted = first;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, task.train_examples());
}

// Asks the trainer to stop once `at` steps are done, as Ctrl-C would.
class InterruptAt : public train::Reporter {
 public:
  explicit InterruptAt(int64_t at) : at_(at) {}
  void progress(const train::Progress& p) override {
    if (p.step == at_) train::request_interrupt();
  }
  void note(const std::string&) override {}

 private:
  int64_t at_;
};

TEST(TsTask, InterruptedAndResumedRunEndsWithTheSameWeights) {
  TempDir dir;
  const TsData raw = sine_data(120, 16);
  const TsSpec spec = spec_for(raw, {12, 1, false});
  auto straight = new_model(raw, spec, 6);
  TsTask straight_task(*straight, to_model_units(raw, spec, straight->scaler()), 16);
  fit(straight_task, dir.path() / "straight", 2);

  auto resumed = new_model(raw, spec, 6);
  TsTask resumed_task(*resumed, to_model_units(raw, spec, resumed->scaler()), 16);
  train::TrainerOptions o;
  o.out = dir.path() / "resumed";
  o.epochs = 2;
  o.optimizer = optim::default_config(optim::OptimizerKind::adam);
  o.optimizer.lr = o.schedule.lr = 0.01;
  InterruptAt reporter(9);  // mid-way through the second epoch of 6 batches
  EXPECT_EQ(train::Trainer(resumed_task, o, reporter).run().outcome, train::TrainOutcome::interrupted);
  train::clear_interrupt();
  auto again = new_model(raw, spec, 6, 99);  // other initial weights: the checkpoint must replace them
  TsTask again_task(*again, to_model_units(raw, spec, again->scaler()), 16);
  o.resume = true;
  train::SilentReporter silent;
  EXPECT_EQ(train::Trainer(again_task, o, silent).run().outcome, train::TrainOutcome::finished);
  const auto a = straight->parameters().values(), b = again->parameters().values();
  EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end()));
}

// Three classes with labels 2, 5 and 7 in runs of 10 to 29 rows; the feature is the class's level
// (−1, 0, 1) plus a little noise, so the last step of a window names its label.
TsData level_classes(size_t rows, uint64_t seed) {
  const float levels[] = {-1.0f, 0.0f, 1.0f}, labels[] = {2.0f, 5.0f, 7.0f};
  Rng rng(seed);
  TsData d;
  d.series = data::Series{{"level", "label"}, {{}, {}}, {0}, {1}};
  while (d.series->rows() < rows) {
    const size_t c = rng.below(3), run = 10 + rng.below(20);
    for (size_t i = 0; i < run && d.series->rows() < rows; ++i) {
      d.series->columns[0].push_back(levels[c] + 0.15f * static_cast<float>(rng.normal()));
      d.series->columns[1].push_back(labels[c]);
    }
  }
  return d;
}

TEST(TsTask, ClassifiesASeparableToySetAccurately) {
  TempDir dir;
  const TsData raw = level_classes(600, 4);
  const TsSpec spec = spec_for(raw, {8, 0, false}, true);
  ASSERT_EQ(spec.classes, (std::vector<float>{2, 5, 7}));
  auto model = new_model(raw, spec, 12);
  const TsData units = to_model_units(raw, spec, model->scaler());
  EXPECT_EQ(units.series->columns[1][0], static_cast<float>(std::find(spec.classes.begin(), spec.classes.end(),
                                                                      raw.series->columns[1][0]) -
                                                            spec.classes.begin()));
  TsTask task(*model, units, 32);
  const TsScore before = task.evaluate(task.validation_examples());
  fit(task, dir.path(), 8, 0.02);
  const TsScore after = task.evaluate(task.validation_examples());
  const double accuracy = static_cast<double>(after.correct) / static_cast<double>(after.count);
  EXPECT_GT(accuracy, 0.95) << "before training " << before.correct << "/" << before.count;
  EXPECT_LT(after.loss, before.loss / 4);
  std::printf("classes: validation accuracy %.4f, cross-entropy %.4g (untrained %.4g)\n", accuracy, after.loss,
              before.loss);
}

TEST(TsTask, LearnsASineWithATargetAtEveryStepOfTheWindow) {
  TempDir dir;
  const TsData raw = sine_data(320, 16);
  const TsSpec spec = spec_for(raw, {16, 1, true});
  auto model = new_model(raw, spec, 16);
  TsTask task(*model, to_model_units(raw, spec, model->scaler()), 32);
  EXPECT_EQ(task.unit(), "step");
  const TsScore before = task.evaluate(task.validation_examples());
  EXPECT_EQ(before.count, static_cast<int64_t>(task.validation_examples().size() * 16));
  fit(task, dir.path(), 6);
  // The first steps of a window see too little of the cycle to place it, so the floor is not zero.
  const TsScore after = task.evaluate(task.validation_examples());
  EXPECT_LT(after.loss, before.loss / 10) << "before " << before.loss;
  std::printf("n-to-n sine: validation MSE %.4g, untrained %.4g\n", after.loss, before.loss);
}

TEST(TsTask, LearnsRunningSumsAtEveryStep) {
  TempDir dir;
  data::SyntheticOptions o;
  o.kind = data::SyntheticKind::cumsum;
  o.length = 8;
  o.sequences = 400;
  o.seed = 2;
  TsData raw;
  raw.sequences = data::make_sequences(o);
  const TsSpec spec = spec_for(raw, {}, false, 0.2);
  EXPECT_TRUE(spec.window.return_sequences);  // the data decides: a target at every step
  EXPECT_EQ(spec.window.length, 8u);
  auto model = new_model(raw, spec, 16);
  TsTask task(*model, to_model_units(raw, spec, model->scaler()), 32);
  EXPECT_EQ(task.unit(), "step");
  EXPECT_EQ(task.validation_examples().front(), 320u);
  // The spread of the targets: what predicting their overall mean would score.
  double mean = 0, var = 0;
  for (float t : raw.sequences->targets) mean += t;
  mean /= static_cast<double>(raw.sequences->targets.size());
  for (float t : raw.sequences->targets) var += (t - mean) * (t - mean);
  var /= static_cast<double>(raw.sequences->targets.size());
  fit(task, dir.path(), 10, 0.02);
  const TsScore s = task.evaluate(task.validation_examples());
  EXPECT_EQ(s.count, 80 * 8);
  EXPECT_LT(s.loss, var / 50) << "target variance " << var;
  std::printf("running sums: validation MSE %.4g, target variance %.4g\n", s.loss, var);
}

}  // namespace
}  // namespace lstmkit::models
