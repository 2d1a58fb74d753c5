#pragma once
// What a time-series model learns from and how its examples are cut: the data source (a CSV file or a
// synthetic generator, so that `lstmkit forecast` can read the same data again; or columns in memory), the
// window, the chronological split, the scaling and the column names. Stored in the checkpoint's `config` metadata
// beside the network's shape (regressor.h); the fitted scaler goes into the `scaler` metadata.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/data/calendar.h"
#include "lstmkit/data/column_table.h"
#include "lstmkit/data/csv_reader.h"
#include "lstmkit/data/scaler.h"
#include "lstmkit/data/synthetic.h"
#include "lstmkit/data/windows.h"

namespace lstmkit::models {

// Columns handed over in memory (Python's arrays), read as a CSV file of them would be. A checkpoint keeps
// the name and fingerprint only: a model loaded from one must be given its data again.
struct MemorySource {
  std::string name;  // for messages and the checkpoint, e.g. "in-memory arrays from Python"
  std::string fingerprint;                       // data::fingerprint(*table)
  std::shared_ptr<const data::ColumnTable> table;  // null in a loaded model's spec; shared, as specs are copied
};

// A CSV file (`csv` non-empty), a synthetic generator (`synthetic` set) or columns in memory (`memory`
// set); exactly one of the three.
struct TsSource {
  std::string csv;                                  // path as given on the command line
  // target (a classifier's label), features, header, fill, group: of the file or of `memory`
  data::CsvOptions csv_options;
  std::optional<data::SyntheticOptions> synthetic;
  std::optional<MemorySource> memory;
  // --calendar: covariates from the time column (csv_options.time), appended to the file's features as
  // the columns data::calendar_column_names gives. Empty: none.
  std::vector<data::CalendarFeature> calendar;

  // Synthetic adding / cumsum: independent sequences rather than one series cut into windows.
  bool is_sequences() const;
  // For messages: "synthetic sine (2000 rows)", "synthetic adding (10000 sequences of 250 steps)", "x.csv",
  // the memory source's name.
  std::string describe() const;
};

struct TsSpec {
  TsSource source;
  data::WindowSpec window;   // a sequence dataset's: {T, 0, n-to-n}, its examples are whole sequences
  double val_frac = 0.2;     // chronological tail of a series, or the last sequences of a dataset
  data::ScaleKind scale = data::ScaleKind::zscore;
  std::vector<std::string> features;  // [F] input columns, in the model's order
  std::vector<std::string> targets;   // [O] predicted columns; a classifier's single label column
  // A classifier's classes, class id = index: numeric labels in `classes` (ascending), or text labels in
  // `class_names` (ascending byte order); the other one is empty. Both empty for regression.
  std::vector<float> classes;             // [C]
  std::vector<std::string> class_names;   // [C]
  // Grouped data (source.csv_options.group): the seed that drew the validation groups.
  uint64_t split_seed = 0;
  // --quantiles: a regressor's head predicts these quantiles of each target at each output step, trained
  // with the pinball loss (nn/quantile_loss.h), ascending in (0, 1). Empty: the mean, trained with MSE.
  std::vector<double> quantiles;  // [Q]

  // Outputs per target and output step: Q, or 1 without quantiles.
  size_t quantile_count() const { return quantiles.empty() ? 1 : quantiles.size(); }
  // The quantile used as the point forecast: the median, else the one closest to it.
  size_t median_quantile() const;

  bool classifies() const { return !classes.empty() || !class_names.empty(); }
  size_t class_count() const { return classes.size() + class_names.size(); }
  // The label of class `id` as the data wrote it: "walking", or the number ("3", "0.5").
  std::string class_name(size_t id) const;
  // Sequence classification: one sequence per group of rows, window.length the cap on its length (0: none).
  bool grouped() const { return !source.synthetic && !source.csv_options.group.empty(); }
  // Several series in one file (--series-column): windows of each, scaled per series (models/series_units.h).
  bool multi_series() const { return !source.synthetic && !source.csv_options.series.empty(); }
};

// The width of the network's head for a spec: C classes, or O targets × S output steps × Q quantiles
// (Q = 1 without quantiles), laid out [S, Q, O] per window.
size_t output_count(const TsSpec& spec);

// A numeric label as text: the shortest form that reads back as the same float ("3", "0.5").
std::string number_text(float value);

// JSON object text, as stored in the `config` metadata (the source under "source").
std::string ts_spec_json(const TsSpec& spec);
// Throws lstmkit::Error at `where` for malformed JSON or missing entries.
TsSpec ts_spec_from_json(const std::string& json, const std::string& where);
// Columns in memory named `name`, with their fingerprint.
MemorySource memory_source(std::shared_ptr<const data::ColumnTable> table, const std::string& name);
// The source alone, canonical: two sources are the same data when these texts are equal (columns in memory
// by their fingerprint).
std::string ts_source_json(const TsSource& source);

}  // namespace lstmkit::models
