#pragma once
// Per-column scaling x' = (x − offset) / scale, fitted on the training part only so that nothing about
// the validation rows leaks into the model. Serialised as JSON for the checkpoint's `scaler` metadata:
//   {"kind": "zscore", "columns": [{"name": "value", "offset": 0.12, "scale": 0.71}, ...]}
// A column whose training part is constant (zero variance, or max = min) gets scale 1: its training
// values map to 0 and later deviations pass through in data units, with no division by zero.
#include <span>
#include <string>
#include <vector>

#include "lstmkit/data/series.h"

namespace lstmkit::data {

enum class ScaleKind {
  none,    // offset 0, scale 1
  zscore,  // offset mean, scale population standard deviation (ddof 0, as scikit-learn)
  minmax,  // offset min, scale max − min: the training part maps onto [0, 1]
};

// Parses "none" | "zscore" | "minmax"; throws lstmkit::UsageError naming `option` otherwise.
ScaleKind parse_scale_kind(const std::string& name, const std::string& option = "`scale`");
std::string scale_kind_name(ScaleKind kind);

struct ColumnScale {
  std::string name;
  double offset = 0.0;
  double scale = 1.0;  // > 0
};

class Scaler {
 public:
  // The identity (kind none, no columns).
  Scaler() = default;

  // Fits every column of `series` on its rows [0, rows): pass the split boundary. Throws lstmkit::Error
  // when rows is 0 or exceeds the series.
  static Scaler fit(ScaleKind kind, const Series& series, size_t rows);

  ScaleKind kind() const { return kind_; }
  const std::vector<ColumnScale>& columns() const { return columns_; }
  // The entry for column `name`; throws lstmkit::Error when the scaler has none.
  const ColumnScale& column(const std::string& name) const;

  // Every column of `series`, matched by name (a checkpoint's scaler applies to a freshly read file).
  void transform(Series& series) const;
  void inverse_transform(Series& series) const;
  // One column's values in place.
  void transform(const std::string& name, std::span<float> values) const;
  void inverse_transform(const std::string& name, std::span<float> values) const;
  // Model outputs back to data units: values [..., O] with column o named names[o].
  void inverse_transform_outputs(std::span<const std::string> names, std::span<float> values) const;

  std::string to_json() const;
  // Throws lstmkit::Error at `where` (e.g. the checkpoint path) for malformed JSON or bad entries.
  static Scaler from_json(const std::string& json, const std::string& where = "scaler");

 private:
  ScaleKind kind_ = ScaleKind::none;
  std::vector<ColumnScale> columns_;
};

}  // namespace lstmkit::data
