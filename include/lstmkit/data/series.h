#pragma once
// The in-memory table every time-series source produces (a CSV file, a synthetic generator): columns of
// floats, oldest row first, with the columns the model reads (features) and predicts (targets) chosen.
// A column may be both a feature and a target (univariate forecasting: the series predicts itself).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lstmkit::data {

struct Series {
  std::vector<std::string> names;           // [C] column names, unique
  std::vector<std::vector<float>> columns;  // [C][R] values, row r = time step r
  std::vector<size_t> features;             // [F] indices into columns: the model's inputs
  std::vector<size_t> targets;              // [O] indices into columns: what the model predicts

  // R; 0 for a table without columns.
  size_t rows() const;
  // Index of the column called `name`; throws lstmkit::Error listing the columns when there is none.
  size_t column_index(std::string_view name) const;
  const std::vector<float>& column(std::string_view name) const;
  std::vector<std::string> feature_names() const;  // [F]
  std::vector<std::string> target_names() const;   // [O]
  // Throws lstmkit::Error when columns differ in length, names repeat, or an index is out of range
  // or features/targets are empty.
  void check() const;
};

// One column that is both the only feature and the only target.
Series univariate(std::string name, std::vector<float> values);

}  // namespace lstmkit::data
