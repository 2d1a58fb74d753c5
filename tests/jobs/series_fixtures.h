#pragma once
// Two series in one file for the per-series job tests: "low" (70 rows of the rising sine around 10) and
// "high" (56 rows around 500, 100 times as wide, out of phase), a `store` column naming them; a tiny
// model of both; and the model of one series that a series of it must behave as: the same weights with
// that series' scaler and transform.
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jobs/jobs_fixtures.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/jobs/train_ts.h"
#include "lstmkit/models/regressor.h"

namespace lstmkit::jobs::testing {

inline std::vector<float> store_values(const std::string& id) {
  if (id == "low") return rising_sine(70);
  std::vector<float> x = rising_sine(59);
  x.erase(x.begin(), x.begin() + 3);
  for (float& v : x) v = 100 * v - 500;
  return x;
}

using StoreSeries = std::vector<std::pair<std::string, std::vector<float>>>;

inline StoreSeries stores() { return {{"low", store_values("low")}, {"high", store_values("high")}}; }

inline std::filesystem::path write_stores_csv(const std::filesystem::path& path, const StoreSeries& series = stores()) {
  std::string text = "store,value\n";
  for (const auto& [id, values] : series)
    for (float v : values) text += id + "," + std::to_string(v) + "\n";
  return lstmkit::testing::write_bytes(path, text);
}

inline TsTrainConfig stores_config(const std::filesystem::path& csv, const std::filesystem::path& out, int epochs = 2) {
  TsTrainConfig c = tiny_config(csv, out, epochs);
  c.spec.source.csv_options.target = "value";
  c.spec.source.csv_options.series = "store";
  return c;
}

// The best checkpoint of a model trained on dir/stores.csv, to dir/m.
inline std::filesystem::path stores_checkpoint(const std::filesystem::path& dir) {
  train::SilentReporter silent;
  return train_ts(stores_config(write_stores_csv(dir / "stores.csv"), dir / "m"), silent).best_model;
}

// A model of series `id` alone, on the file `csv` of its values: the weights of `checkpoint` (a model of
// several series) with the series' units.
inline std::unique_ptr<models::Regressor> one_series_model(const std::filesystem::path& checkpoint,
                                                           const std::string& id, const std::filesystem::path& csv) {
  const auto model = models::Regressor::load(checkpoint);
  models::TsSpec spec = model->spec();
  spec.source.csv = csv.string();
  spec.source.csv_options.series.clear();
  const models::SeriesUnits& u = models::units_of(model->series_units(), id, "test");
  auto one = std::make_unique<models::Regressor>(model->config(), spec, u.scaler, u.transform);
  io::Checkpoint::load(checkpoint, one->parameters());
  return one;
}

}  // namespace lstmkit::jobs::testing
