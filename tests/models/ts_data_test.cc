#include "lstmkit/models/ts_data.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "lstmkit/error.h"
#include "models/ts_fixtures.h"

namespace lstmkit::models {
namespace {

using testing::spec_for;
using testing::TempDir;

// Rows 0 .. R−1 of x = r and label = 10 + (r % 3).
TsData counting(size_t rows) {
  TsData d;
  d.series = data::Series{{"x", "label"}, {{}, {}}, {0}, {1}};
  for (size_t r = 0; r < rows; ++r) {
    d.series->columns[0].push_back(static_cast<float>(r));
    d.series->columns[1].push_back(static_cast<float>(10 + r % 3));
  }
  return d;
}

TEST(TsData, ScalerIsFittedOnTheTrainingRowsOnly) {
  const TsData raw = counting(100);
  TsSpec spec = spec_for(raw, {5, 1, false}, false, 0.2);  // rows 0 .. 79 train
  const data::Scaler zscore = fit_ts_scaler(raw, spec);
  EXPECT_DOUBLE_EQ(zscore.column("x").offset, 39.5);
  EXPECT_DOUBLE_EQ(zscore.column("label").offset, 10.0 + (27 * 1 + 26 * 2) / 80.0);  // a regression target
  spec.scale = data::ScaleKind::minmax;
  const data::Scaler minmax = fit_ts_scaler(raw, spec);
  EXPECT_DOUBLE_EQ(minmax.column("x").scale, 79.0);
  const TsData units = to_model_units(raw, spec, minmax);
  EXPECT_FLOAT_EQ(units.series->columns[0][79], 1.0f);
  EXPECT_FLOAT_EQ(units.series->columns[0][99], 99.0f / 79.0f);  // validation rows may leave [0, 1]
}

TEST(TsData, ClassifierLabelsBecomeClassIdsAndAreNotScaled) {
  const TsData raw = counting(30);
  const TsSpec spec = spec_for(raw, {4, 0, false}, true);
  EXPECT_EQ(spec.classes, (std::vector<float>{10, 11, 12}));
  EXPECT_EQ(spec.targets, std::vector<std::string>{"label"});
  const data::Scaler scaler = fit_ts_scaler(raw, spec);
  ASSERT_EQ(scaler.columns().size(), 1u);  // x only
  EXPECT_EQ(scaler.columns()[0].name, "x");
  const TsData units = to_model_units(raw, spec, scaler);
  EXPECT_EQ(units.series->columns[1][0], 0.0f);
  EXPECT_EQ(units.series->columns[1][4], 1.0f);
  EXPECT_EQ(units.series->columns[1][29], 2.0f);

  TsData unseen = counting(30);
  unseen.series->columns[1][7] = 13;
  try {
    to_model_units(unseen, spec, scaler);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("data row 8: label '13'"), std::string::npos) << e.what();
  }
}

TEST(TsData, RefusesALabelAmongTheFeaturesAndMismatchedColumns) {
  TsData leak = counting(30);
  leak.series->features = {0, 1};
  EXPECT_THROW(spec_for(leak, {4, 0, false}, true), UsageError);

  const TsData raw = counting(30);
  const TsSpec spec = spec_for(raw, {4, 1, false});
  TsData renamed = counting(30);
  renamed.series->names[0] = "y";
  EXPECT_THROW(to_model_units(renamed, spec, fit_ts_scaler(raw, spec)), Error);

  TsData sequences;
  sequences.sequences = data::SequenceDataset{2, 3, 1, 1, false, {0, 0, 0, 0, 0, 0}, {0, 0}, {"x"}, {"y"}};
  EXPECT_THROW(spec_for(sequences, {}, true), UsageError);  // classification needs a label column
}

TEST(TsData, ReadsCsvFilesAndSyntheticSources) {
  TempDir dir;
  const auto csv = dir.path() / "in.csv";
  std::ofstream(csv) << "when,load,temp\n1,0.5,20\n2,,21\n3,0.7,22\n";
  TsSource source;
  source.csv = csv.string();
  source.csv_options.target = "load";
  source.csv_options.features = {"temp", "load"};
  source.csv_options.fill = data::FillPolicy::ffill;
  const TsData d = read_ts_data(source);
  ASSERT_TRUE(d.series);
  EXPECT_EQ(d.series->feature_names(), (std::vector<std::string>{"temp", "load"}));
  EXPECT_EQ(d.series->column("load"), (std::vector<float>{0.5f, 0.5f, 0.7f}));
  EXPECT_EQ(d.rows_read, 3u);
  EXPECT_EQ(d.filled_values, 1u);
  EXPECT_EQ(source.describe(), csv.string());

  TsSource adding;
  adding.synthetic = data::SyntheticOptions{data::SyntheticKind::adding, 20, 0.1, 1, 6};
  EXPECT_TRUE(adding.is_sequences());
  EXPECT_EQ(adding.describe(), "synthetic adding (6 sequences of 20 steps)");
  const TsData a = read_ts_data(adding);
  ASSERT_TRUE(a.sequences);
  EXPECT_EQ(a.sequences->sequences, 6u);
  TsSource sine;
  sine.synthetic = data::SyntheticOptions{};
  EXPECT_EQ(sine.describe(), "synthetic sine (2000 rows)");
  EXPECT_EQ(read_ts_data(sine).series->rows(), 2000u);
}

TEST(TsSpec, JsonRoundTrip) {
  TsSpec spec;
  spec.source.csv = "data/x.csv";
  spec.source.csv_options.target = "y";
  spec.source.csv_options.features = {"a", "b"};
  spec.source.csv_options.no_header = true;
  spec.source.csv_options.fill = data::FillPolicy::drop;
  spec.window = {24, 3, true};
  spec.val_frac = 0.15;
  spec.scale = data::ScaleKind::minmax;
  spec.features = {"a", "b"};
  spec.targets = {"y"};
  spec.classes = {0.5f, 3};
  const TsSpec back = ts_spec_from_json(ts_spec_json(spec), "test");
  EXPECT_EQ(ts_spec_json(back), ts_spec_json(spec));
  EXPECT_EQ(back.source.csv_options.fill, data::FillPolicy::drop);
  EXPECT_TRUE(back.source.csv_options.no_header);
  EXPECT_EQ(back.window.length, 24u);
  EXPECT_TRUE(back.window.return_sequences);
  EXPECT_EQ(back.classes, spec.classes);
  EXPECT_THROW(ts_spec_from_json("{\"window\": 3}", "test"), Error);
  // A multi-step head's steps travel too; specs without them have one step, a bad count is damage.
  TsSpec multi = spec;
  multi.window = {24, 1, false};
  multi.window.steps = 6;
  EXPECT_EQ(ts_spec_from_json(ts_spec_json(multi), "test").window.steps, 6u);
  nlohmann::json j = nlohmann::json::parse(ts_spec_json(multi));
  j.erase("output_steps");
  EXPECT_EQ(ts_spec_from_json(j.dump(), "test").window.steps, 1u);
  j["output_steps"] = 0;
  EXPECT_THROW(ts_spec_from_json(j.dump(), "test"), Error);
  j["output_steps"] = 2;
  j["return_sequences"] = true;
  EXPECT_THROW(ts_spec_from_json(j.dump(), "test"), Error);

  spec.classes.clear();
  spec.class_names = {"sitting", "walking"};
  spec.source.csv_options.label = true;
  spec.source.csv_options.group = "subject";
  spec.split_seed = 9;
  const TsSpec words = ts_spec_from_json(ts_spec_json(spec), "test");
  EXPECT_EQ(words.class_names, spec.class_names);
  EXPECT_TRUE(words.classes.empty());
  EXPECT_EQ(words.source.csv_options.group, "subject");
  EXPECT_TRUE(words.source.csv_options.label);
  EXPECT_EQ(words.split_seed, 9u);
  EXPECT_EQ(ts_spec_json(words), ts_spec_json(spec));
}

// A checkpoint written before text labels and groups: numeric labels read as numbers, no groups.
TEST(TsSpec, ReadsTheConfigOfEarlierCheckpoints) {
  const TsSpec old = ts_spec_from_json(
      R"({"source":{"csv":"c.csv","target":"label","features":["x"],"no_header":false,"fill":"none"},)"
      R"("window":5,"horizon":0,"return_sequences":false,"val_frac":0.2,"scale":"zscore","features":["x"],)"
      R"("targets":["label"],"classes":[3.0,8.0]})",
      "old.safetensors");
  EXPECT_EQ(old.classes, (std::vector<float>{3, 8}));
  EXPECT_EQ(old.class_name(1), "8");
  EXPECT_FALSE(old.source.csv_options.label);
  EXPECT_FALSE(old.grouped());
}

}  // namespace
}  // namespace lstmkit::models
