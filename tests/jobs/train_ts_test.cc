// The train-ts job: a run from a config, and training on the first rows of a series as if it ended there.
#include "lstmkit/jobs/train_ts.h"

#include <gtest/gtest.h>

#include "jobs/jobs_fixtures.h"
#include "lstmkit/error.h"

namespace lstmkit::jobs {
namespace {

using testing::rising_sine;
using testing::tiny_config;
using testing::write_series_csv;
using lstmkit::testing::TempDir;

std::vector<float> weights(const std::filesystem::path& model) {
  const auto m = models::Regressor::load(model);
  const std::span<const float> w = m->parameters().values();
  return {w.begin(), w.end()};
}

TEST(TrainTsJob, TrainsANewModelFromTheConfig) {
  TempDir dir;
  const auto csv = write_series_csv(dir / "s.csv", rising_sine(100));
  TsTrainConfig config = tiny_config(csv, dir / "run");
  config.batch = 0;  // chosen
  train::SilentReporter silent;
  TsTrainJob job(config, silent);
  EXPECT_TRUE(job.batch_chosen());
  EXPECT_EQ(job.batch(), 32u);  // Keras' 32 for a few windows
  EXPECT_EQ(job.model().spec().targets, std::vector<std::string>{"value"});
  EXPECT_EQ(job.model().transform().describe(), "difference 1");
  EXPECT_EQ(job.rows_read(), 100u);
  const TsTrainResult result = job.run();
  EXPECT_EQ(result.train.outcome, train::TrainOutcome::finished);
  EXPECT_EQ(result.train.epoch, 2);
  EXPECT_TRUE(result.train.best_val);
  EXPECT_TRUE(std::filesystem::exists(result.best_model));
  EXPECT_FALSE(result.validation);  // a regressor
}

TEST(TrainTsJob, CallsTheMemoryCheckBeforeBuildingAModel) {
  TempDir dir;
  TsTrainConfig config = tiny_config(write_series_csv(dir / "s.csv", rising_sine(100)), dir / "run");
  long double steps = 0;
  config.check_memory = [&](const models::RegressorConfig& c, long double batch_steps) {
    EXPECT_EQ(c.inputs, 1);
    EXPECT_EQ(c.hidden, 4);
    steps = batch_steps;
    throw UsageError("train-ts", "too big", "smaller");
  };
  train::SilentReporter silent;
  EXPECT_THROW(TsTrainJob(config, silent), UsageError);
  EXPECT_EQ(steps, 16.0L * 6);  // batch 16 × window 6
}

// The look-ahead guard: with `rows` the run sees nothing past them. Values after row 70 are replaced by
// huge ones; a run on the first 70 rows must be the same, weight for weight, as on the clean file.
TEST(TrainTsJob, RowsTrainsAsIfTheSeriesEndedThere) {
  TempDir dir;
  std::vector<float> clean = rising_sine(110), poisoned = clean;
  for (size_t t = 70; t < poisoned.size(); ++t) poisoned[t] = 1e6f;
  TsTrainConfig a = tiny_config(write_series_csv(dir / "clean.csv", clean), dir / "a");
  TsTrainConfig b = tiny_config(write_series_csv(dir / "poisoned.csv", poisoned), dir / "b");
  a.rows = b.rows = 70;
  train::SilentReporter silent;
  const TsTrainResult ra = train_ts(a, silent), rb = train_ts(b, silent);
  ASSERT_TRUE(ra.train.best_val && rb.train.best_val);
  EXPECT_EQ(*ra.train.best_val, *rb.train.best_val);
  const std::vector<float> limited = weights(rb.best_model);
  EXPECT_EQ(weights(ra.best_model), limited);
  // Without the limit the poison is seen (the guard above is not vacuous).
  b.rows.reset();
  EXPECT_NE(weights(train_ts(b, silent).best_model), limited);
}

TEST(FirstRows, CutsTheSeriesAndItsLines) {
  models::TsData d = models::testing::sine_data(10, 4);
  d.lines = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  const models::TsData cut = first_rows(d, 4);
  EXPECT_EQ(cut.series->rows(), 4u);
  EXPECT_EQ(cut.lines, (std::vector<size_t>{2, 3, 4, 5}));
  EXPECT_EQ(cut.series->columns[0][3], d.series->columns[0][3]);
  try {
    first_rows(d, 11);
    FAIL() << "rows past the end";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`rows`");
  }
}

}  // namespace
}  // namespace lstmkit::jobs
