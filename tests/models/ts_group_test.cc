// Sequence classification over groups of CSV rows (--group) with text labels: reading and grouping,
// the label contract, the split and scaler, training to high accuracy, and the checkpoint round trip.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/models/ts_task.h"
#include "models/ts_fixtures.h"

namespace lstmkit::models {
namespace {

using testing::fit;
using testing::new_model;
using testing::TempDir;

// A source reading `path` as a sequence classifier would: features x and y, text-read label "activity",
// groups by "subject".
TsSource grouped_source(const std::filesystem::path& path) {
  TsSource s;
  s.csv = path.string();
  s.csv_options.target = "activity";
  s.csv_options.features = {"x", "y"};
  s.csv_options.label = true;
  s.csv_options.group = "subject";
  return s;
}

// The spec train-ts gives a new grouped classifier: groups capped at `cap` rows (0: uncut).
TsSpec grouped_spec(const TsData& raw, const TsSource& source, size_t cap, uint64_t seed = 3) {
  TsSpec spec;
  spec.source = source;
  spec.window = {cap, 0, false};
  spec.val_frac = 0.2;
  spec.split_seed = seed;
  describe_columns(raw, true, spec);
  return spec;
}

// `groups` recordings of 4 to 12 rows: x is a ramp from a random level, falling, flat or rising by class,
// y is noise. The class shows only across time steps (the level alone says nothing), and the rows of the
// recordings are written in turns, so no group is contiguous in the file.
std::filesystem::path write_ramps(const std::filesystem::path& path, size_t groups, uint64_t seed) {
  const char* names[] = {"down", "flat", "up"};
  const float slopes[] = {-0.4f, 0.0f, 0.4f};
  Rng rng(seed);
  struct Recording {
    size_t cls, length;
    float level;
  };
  std::vector<Recording> recs;
  for (size_t g = 0; g < groups; ++g) recs.push_back({rng.below(3), 4 + rng.below(9), rng.uniform(-1, 1)});
  std::ofstream out(path);
  out << "subject,x,y,activity\n";
  for (size_t t = 0; t < 12; ++t)
    for (size_t g = 0; g < groups; ++g) {
      if (t >= recs[g].length) continue;
      const float noise = 0.05f * static_cast<float>(rng.normal());
      const float x = recs[g].level + slopes[recs[g].cls] * static_cast<float>(t) + noise;
      out << "s" << g << "," << x << "," << rng.uniform(-1, 1) << "," << names[recs[g].cls] << "\n";
    }
  return path;
}

TEST(TsGroups, ReadsOneSequencePerGroupWithTextLabels) {
  TempDir dir;
  std::ofstream(dir.path() / "g.csv") << "subject,x,y,activity\n"
                                         "ann,1,0,walking\n"
                                         "bob,2,0,sitting\n"
                                         "ann,3,0,walking\n"
                                         "cy,4,0,standing\n"
                                         "bob,5,0,sitting\n"
                                         "ann,6,0,walking\n";
  const TsSource source = grouped_source(dir.path() / "g.csv");
  const TsData raw = read_ts_data(source);
  ASSERT_TRUE(raw.groups);
  EXPECT_EQ(raw.groups->names, (std::vector<std::string>{"ann", "bob", "cy"}));
  EXPECT_EQ(raw.groups->rows[0], (std::vector<size_t>{0, 2, 5}));
  const TsSpec spec = grouped_spec(raw, source, 2);
  EXPECT_EQ(spec.class_names, (std::vector<std::string>{"sitting", "standing", "walking"}));
  EXPECT_TRUE(spec.classes.empty());
  EXPECT_EQ(spec.class_name(2), "walking");
  EXPECT_EQ(spec.features, (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(spec.grouped());
  const data::Groups cut = model_groups(raw, spec);
  EXPECT_EQ(cut.rows[0], (std::vector<size_t>{2, 5}));  // ann's last two rows
  EXPECT_EQ(cut.truncated, 1u);
  const TsData units = to_model_units(raw, spec, fit_ts_scaler(raw, spec));
  EXPECT_EQ(units.series->columns[2], (std::vector<float>{2, 0, 2, 1, 0, 2}));  // class ids
}

TEST(TsGroups, ALabelThatChangesWithinAGroupIsAnErrorAtItsLine) {
  TempDir dir;
  std::ofstream(dir.path() / "g.csv") << "subject,x,y,activity\nann,1,0,walking\nbob,2,0,sitting\nann,3,0,running\n";
  try {
    read_ts_data(grouped_source(dir.path() / "g.csv"));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), (dir.path() / "g.csv").string() + ":4");
    EXPECT_EQ(e.what_is_wrong(), "group 'ann' has label 'running' in column 'activity', but 'walking' on line 2");
  }
}

TEST(TsGroups, UnknownLabelsOfNewDataNameTheirLineAndTheModelsClasses) {
  TempDir dir;
  const TsSource source = grouped_source(write_ramps(dir.path() / "train.csv", 20, 1));
  const TsData raw = read_ts_data(source);
  const TsSpec spec = grouped_spec(raw, source, 0);
  std::ofstream(dir.path() / "new.csv") << "subject,x,y,activity\nq,1,0,up\nq,2,0,up\nr,1,1,jumping\n";
  const TsData fresh = read_ts_data(grouped_source(dir.path() / "new.csv"));
  try {
    to_model_units(fresh, spec, fit_ts_scaler(raw, spec));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), (dir.path() / "new.csv").string() + ":4");
    EXPECT_NE(std::string(e.what()).find("label 'jumping' of column 'activity' is not one of the model's 3 classes "
                                         "(down, flat, up)"),
              std::string::npos)
        << e.what();
  }
}

TEST(TsGroups, ScalerIsFittedOnTheTrainingGroupsRowsOnly) {
  TempDir dir;
  const TsSource source = grouped_source(write_ramps(dir.path() / "g.csv", 30, 2));
  const TsData raw = read_ts_data(source);
  const TsSpec spec = grouped_spec(raw, source, 6);
  const data::Groups groups = model_groups(raw, spec);
  double sum = 0;
  size_t n = 0;
  for (size_t g : split_ts(raw, spec).train)
    for (size_t r : groups.rows[g]) {
      sum += raw.series->columns[0][r];
      ++n;
    }
  EXPECT_NEAR(fit_ts_scaler(raw, spec).column("x").offset, sum / static_cast<double>(n), 1e-5);
}

TEST(TsGroups, TaskSplitsByGroupAndBatchesOneLengthAtATime) {
  TempDir dir;
  const TsSource source = grouped_source(write_ramps(dir.path() / "g.csv", 40, 3));
  const TsData raw = read_ts_data(source);
  const TsSpec spec = grouped_spec(raw, source, 10);
  auto model = new_model(raw, spec, 4);
  TsTask task(*model, to_model_units(raw, spec, model->scaler()), 5);
  EXPECT_EQ(task.unit(), "seq");
  EXPECT_EQ(task.train_examples().size(), 32u);
  EXPECT_EQ(task.validation_examples(), split_ts(raw, spec).validation);
  ASSERT_TRUE(task.groups());
  const int64_t batches = task.batches_per_epoch();
  Rng rng(5);
  for (int epoch = 1; epoch <= 2; ++epoch) {
    task.begin_epoch(epoch, rng);
    EXPECT_EQ(task.batches_per_epoch(), batches);  // bucketing keeps the count of batches per epoch
    std::multiset<size_t> seen;
    for (const auto& b : task.epoch_batches()) {
      EXPECT_LE(b.size(), 5u);
      for (size_t g : b) {
        EXPECT_EQ(task.groups()->length(g), task.groups()->length(b.front()));
        seen.insert(g);
      }
    }
    EXPECT_EQ(std::vector<size_t>(seen.begin(), seen.end()), task.train_examples());
  }
  const TsScore s = task.evaluate(task.validation_examples());
  EXPECT_EQ(s.count, 8);
}

TEST(TsGroups, ClassifiesSeparableGroupsAccurately) {
  TempDir dir;
  const TsSource source = grouped_source(write_ramps(dir.path() / "g.csv", 200, 4));
  const TsData raw = read_ts_data(source);
  const TsSpec spec = grouped_spec(raw, source, 0);
  auto model = new_model(raw, spec, 12);
  // Batches of 32: about one per length per epoch, so few steps and few primitive shapes.
  TsTask task(*model, to_model_units(raw, spec, model->scaler()), 32);
  const TsScore before = task.evaluate(task.validation_examples());
  fit(task, dir.path() / "run", 12, 0.03);
  const TsScore after = task.evaluate(task.validation_examples());
  const double accuracy = static_cast<double>(after.correct) / static_cast<double>(after.count);
  EXPECT_EQ(after.count, 40);
  EXPECT_GE(accuracy, 0.95) << "untrained " << before.correct << "/" << before.count;
  std::printf("groups: validation accuracy %.4f, cross-entropy %.4g (untrained %.4g)\n", accuracy, after.loss,
              before.loss);
}

TEST(TsGroups, TextLabelsAndGroupsRoundTripThroughACheckpoint) {
  TempDir dir;
  const TsSource source = grouped_source(write_ramps(dir.path() / "g.csv", 20, 5));
  const TsData raw = read_ts_data(source);
  const TsSpec spec = grouped_spec(raw, source, 7, 11);
  auto model = new_model(raw, spec, 5);
  const auto path = dir.path() / "model.safetensors";
  io::Checkpoint::save(path, model->parameters(), {}, model->metadata());
  auto back = Regressor::load(path);
  EXPECT_EQ(back->spec().class_names, (std::vector<std::string>{"down", "flat", "up"}));
  EXPECT_EQ(back->spec().source.csv_options.group, "subject");
  EXPECT_TRUE(back->spec().source.csv_options.label);
  EXPECT_EQ(back->spec().window.length, 7u);
  EXPECT_EQ(back->spec().split_seed, 11u);
  EXPECT_EQ(ts_spec_json(back->spec()), ts_spec_json(spec));
  // The same model: the same probabilities for one group.
  const TsData units = to_model_units(raw, spec, model->scaler());
  const data::Groups groups = model_groups(units, spec);
  const data::RegressionBatch b = data::group_batch(*units.series, groups, std::vector<size_t>{0});
  std::vector<float> p(3), q(3);
  model->predict(static_cast<int>(b.steps), 1, b.inputs.data(), p.data());
  back->predict(static_cast<int>(b.steps), 1, b.inputs.data(), q.data());
  EXPECT_EQ(p, q);
}

}  // namespace
}  // namespace lstmkit::models
