// Several series in one file (--series-column) in the model layer: each series transformed and scaled
// on its own training part (a round trip back to data units), the scalings kept in the checkpoint by id,
// windows of one model never spanning two series, and data of other series refused.
#include "lstmkit/models/ts_series.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/models/ts_task.h"
#include "models/ts_fixtures.h"

namespace lstmkit::models {
namespace {

using testing::TempDir;

// Series "small" (40 rows around 1) and "large" (50 rows around 1000, rising), a month column for each.
std::string two_series_csv() {
  std::string text = "store,month,sales\n";
  for (size_t t = 0; t < 40; ++t)
    text += "small," + std::to_string(2000 + t / 12) + "-" + (t % 12 < 9 ? "0" : "") + std::to_string(t % 12 + 1) +
            "," + std::to_string(1.0 + 0.1 * std::sin(static_cast<double>(t))) + "\n";
  for (size_t t = 0; t < 50; ++t)
    text += "large," + std::to_string(1990 + t / 12) + "-" + (t % 12 < 9 ? "0" : "") + std::to_string(t % 12 + 1) +
            "," + std::to_string(1000.0 + 5.0 * static_cast<double>(t) + 50 * std::cos(static_cast<double>(t))) + "\n";
  return text;
}

TsSource store_source(const std::filesystem::path& csv) {
  TsSource s;
  s.csv = csv.string();
  s.csv_options.target = "sales";
  s.csv_options.series = "store";
  s.csv_options.time = "month";
  return s;
}

TsSpec store_spec(const TsData& raw, const TsSource& source) {
  TsSpec spec;
  spec.source = source;
  spec.window = {6, 1, false, 1};
  describe_columns(raw, false, spec);
  return spec;
}

std::unique_ptr<Regressor> store_model(const TsSpec& spec, std::vector<SeriesUnits> units) {
  testing::use_one_thread();
  RegressorConfig c;
  c.hidden = 4;
  c.inputs = static_cast<int>(spec.features.size());
  c.outputs = static_cast<int>(output_count(spec));
  auto model = std::make_unique<Regressor>(c, spec, data::Scaler());
  model->set_series_units(std::move(units));
  Rng rng(5);
  model->initialize(nn::InitScheme::keras, rng);
  return model;
}

TEST(TsSeries, ReadsEachSeriesAsARunWithItsOwnTimes) {
  TempDir dir;
  const TsData raw = read_ts_data(store_source(lstmkit::testing::write_bytes(dir / "s.csv", two_series_csv())));
  ASSERT_EQ(raw.runs.size(), 2u);
  EXPECT_EQ(raw.runs[1].id, "large");
  EXPECT_EQ(raw.runs[1].begin, 40u);
  EXPECT_EQ(raw.series->rows(), 90u);
  EXPECT_FALSE(raw.times);
  ASSERT_EQ(raw.run_times.size(), 2u);
  EXPECT_EQ(raw.run_times[1].text(0), "1990-01");
  const TsData large = series_part(raw, 1);
  EXPECT_EQ(large.series->rows(), 50u);
  EXPECT_EQ(large.lines.front(), 42u);  // the header and 40 rows of "small" before it
  EXPECT_EQ(large.times->text(49), "1994-02");
}

// A backtest's round of origins: each series named cut to its own first rows, the others left out.
TEST(TsSeries, FirstSeriesRowsCutsEachSeriesAtItsOwnRow) {
  TempDir dir;
  const TsData raw = read_ts_data(store_source(lstmkit::testing::write_bytes(dir / "s.csv", two_series_csv())));
  const std::vector<std::pair<std::string, size_t>> both = {{"large", 30}, {"small", 25}};
  const TsData cut = first_series_rows(raw, both);
  ASSERT_EQ(cut.runs.size(), 2u);
  EXPECT_EQ(cut.runs[0].id, "small");  // the data's order
  EXPECT_EQ(cut.runs[0].rows, 25u);
  EXPECT_EQ(cut.runs[1].begin, 25u);
  EXPECT_EQ(cut.runs[1].rows, 30u);
  EXPECT_EQ(cut.series->rows(), 55u);
  EXPECT_EQ(cut.series->columns[0][25], raw.series->columns[0][40]);  // large's first row
  EXPECT_EQ(cut.lines[54], raw.lines[69]);
  const std::vector<std::pair<std::string, size_t>> one = {{"large", 10}};
  const TsData large = first_series_rows(raw, one);
  ASSERT_EQ(large.runs.size(), 1u);
  EXPECT_EQ(large.runs[0].id, "large");
  EXPECT_EQ(large.series->rows(), 10u);
  for (const std::vector<std::pair<std::string, size_t>>& bad :
       {std::vector<std::pair<std::string, size_t>>{{"medium", 5}}, {{"small", 41}}, {}}) {
    try {
      first_series_rows(raw, bad);
      FAIL() << "accepted " << (bad.empty() ? "no series" : bad[0].first);
    } catch (const UsageError& e) {
      EXPECT_EQ(e.where(), "series_rows");
    }
  }
}

// Each series' scaler is fitted on its own first 80%: in model units both have training mean 0 and
// standard deviation 1, and each series' scaler brings its values back to the data's.
TEST(TsSeries, ScalesEachSeriesOnItsOwnTrainingPartAndBack) {
  TempDir dir;
  const TsData raw = read_ts_data(store_source(lstmkit::testing::write_bytes(dir / "s.csv", two_series_csv())));
  const TsSpec spec = store_spec(raw, store_source(dir / "s.csv"));
  const std::vector<SeriesUnits> units = fit_series_units(raw, spec, {});
  ASSERT_EQ(units.size(), 2u);
  const auto model = store_model(spec, units);
  const TsData z = model_units(raw, *model);
  ASSERT_EQ(z.runs.size(), 2u);
  for (size_t k = 0; k < 2; ++k) {
    const data::SeriesRun& run = z.runs[k];
    const std::vector<float>& y = z.series->columns[0];
    const size_t train = data::split_boundary(run.rows, spec.val_frac);
    double mean = 0, square = 0;
    for (size_t r = run.begin; r < run.begin + train; ++r) mean += y[r];
    mean /= static_cast<double>(train);
    for (size_t r = run.begin; r < run.begin + train; ++r) square += (y[r] - mean) * (y[r] - mean);
    EXPECT_NEAR(mean, 0.0, 1e-5) << run.id;
    EXPECT_NEAR(std::sqrt(square / static_cast<double>(train)), 1.0, 1e-4) << run.id;
    std::vector<float> back(y.begin() + static_cast<std::ptrdiff_t>(run.begin),
                            y.begin() + static_cast<std::ptrdiff_t>(run.end()));
    units_of(units, run.id, "m").scaler.inverse_transform("sales", back);
    for (size_t i = 0; i < back.size(); ++i)
      EXPECT_NEAR(back[i], raw.series->columns[0][run.begin + i], 1e-3 * std::fabs(raw.series->columns[0][run.begin + i]))
          << run.id << " row " << i;
  }
  // Nothing of a series' validation rows reaches its scaler: changing them changes no scaling.
  TsData changed = raw;
  for (size_t r = 80; r < 90; ++r) changed.series->columns[0][r] = 1e6f;
  const std::vector<SeriesUnits> again = fit_series_units(changed, spec, {});
  for (size_t k = 0; k < 2; ++k) EXPECT_EQ(again[k].scaler.to_json(), units[k].scaler.to_json());
}

TEST(TsSeries, TransformsEachSeriesOnItsOwnAndKeepsItsSplit) {
  TempDir dir;
  const TsData raw = read_ts_data(store_source(lstmkit::testing::write_bytes(dir / "s.csv", two_series_csv())));
  const TsSpec spec = store_spec(raw, store_source(dir / "s.csv"));
  const std::vector<SeriesUnits> units = fit_series_units(raw, spec, {true, true, {1}});
  const auto model = store_model(spec, units);
  const TsData z = model_units(raw, *model);
  EXPECT_EQ(z.series->rows(), 88u);  // one row of each differenced away
  EXPECT_EQ(z.runs[1].begin, 39u);
  EXPECT_EQ(z.runs[1].skipped, 1u);
  EXPECT_NE(units[0].transform.to_json(), units[1].transform.to_json());  // each its own trend
  TsTask task(*const_cast<Regressor*>(model.get()), z, 8);
  for (size_t s : task.train_examples()) {
    const data::SeriesRun& run = s < z.runs[1].begin ? z.runs[0] : z.runs[1];
    const size_t last = s + spec.window.length;  // its target row
    EXPECT_LT(last, run.end()) << "window " << s << " runs into the next series";
    // Training targets lie in the series' data rows before its own split.
    EXPECT_LT(last - run.begin + run.skipped, data::split_boundary(run.rows + run.skipped, spec.val_frac));
  }
  EXPECT_FALSE(task.validation_examples().empty());
}

TEST(TsSeries, TheCheckpointKeepsEachSeriesUnitsById) {
  TempDir dir;
  const TsData raw = read_ts_data(store_source(lstmkit::testing::write_bytes(dir / "s.csv", two_series_csv())));
  const TsSpec spec = store_spec(raw, store_source(dir / "s.csv"));
  const std::vector<SeriesUnits> units = fit_series_units(raw, spec, {false, false, {1}});
  const auto model = store_model(spec, units);
  io::Checkpoint::save(dir / "m.safetensors", model->parameters(), {}, model->metadata());
  const auto back = Regressor::load(dir / "m.safetensors");
  EXPECT_TRUE(back->spec().multi_series());
  EXPECT_EQ(back->spec().source.csv_options.series, "store");
  ASSERT_EQ(back->series_units().size(), 2u);
  for (size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(back->series_units()[k].id, units[k].id);
    EXPECT_EQ(back->series_units()[k].scaler.to_json(), units[k].scaler.to_json());
    EXPECT_EQ(back->series_units()[k].transform.to_json(), units[k].transform.to_json());
  }
}

TEST(TsSeries, DamagedSeriesMetadataIsAnErrorAtTheFile) {
  const std::string good = series_units_json("store", std::vector<SeriesUnits>{{"a", {}, {}}});
  EXPECT_EQ(series_units_from_json(good, "store", "m").size(), 1u);
  for (const std::string& bad : {std::string(R"({"column": "store", "series": []})"),
                                 std::string(R"({"column": "store", "series": [{"id": ""}]})"),
                                 std::string(R"({"column": "shop", "series": [{"id": "a", "scaler": {"kind": "none", "columns": []}}]})"),
                                 std::string("{")}) {
    try {
      series_units_from_json(bad, "store", "m.safetensors");
      FAIL() << bad;
    } catch (const UsageError&) {
      FAIL() << "a usage error for " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), "m.safetensors") << bad;
    }
  }
}

TEST(TsSeries, RefusesSeriesTheModelDoesNotKnowAndOneSeriesData) {
  TempDir dir;
  const TsData raw = read_ts_data(store_source(lstmkit::testing::write_bytes(dir / "s.csv", two_series_csv())));
  const TsSpec spec = store_spec(raw, store_source(dir / "s.csv"));
  std::vector<SeriesUnits> units = fit_series_units(raw, spec, {});
  units.pop_back();
  const auto model = store_model(spec, units);
  try {
    model_units(raw, *model);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.what_is_wrong().find("series 'large' is not one the model was trained on ('small')"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(model_units(series_part(raw, 0), *model), Error);
}

TEST(TsSeries, ASeriesTooShortForTheTransformIsNamed) {
  TempDir dir;
  std::string text = "store,month,sales\n";
  text += "tiny,2000-01,1\ntiny,2000-02,2\n";
  for (size_t t = 0; t < 30; ++t) text += "big," + std::to_string(2000 + t / 12) + "-" + (t % 12 < 9 ? "0" : "") + std::to_string(t % 12 + 1) + ",5\n";
  const TsData raw = read_ts_data(store_source(lstmkit::testing::write_bytes(dir / "s.csv", text)));
  const TsSpec spec = store_spec(raw, store_source(dir / "s.csv"));
  try {
    fit_series_units(raw, spec, {false, false, {12}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.what_is_wrong().rfind("series 'tiny': ", 0), 0u) << e.what();
  }
}

}  // namespace
}  // namespace lstmkit::models
