#pragma once
// The data of a time-series model, from its TsSource to the units the network sees: read (CSV) or
// generate (synthetic), name the columns and classes of a new model, fit the scaler on the training
// part, and convert to model units. train-ts and forecast share these steps, so a forecast sees the
// data exactly as training did.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/data/groups.h"
#include "lstmkit/data/scaler.h"
#include "lstmkit/data/sequence_dataset.h"
#include "lstmkit/data/series.h"
#include "lstmkit/data/series_runs.h"
#include "lstmkit/data/target_transform.h"
#include "lstmkit/data/time_column.h"
#include "lstmkit/models/ts_spec.h"

namespace lstmkit::models {

// Exactly one of `series` and `sequences` is set.
struct TsData {
  std::optional<data::Series> series;              // a CSV file or a synthetic series, one row per step
  std::optional<data::SequenceDataset> sequences;  // synthetic adding / cumsum
  std::optional<data::Groups> groups;              // --group: the series' rows gathered by group, uncut
  std::optional<data::TimeAxis> times;             // --time-column: the time of every data row (before first_row too)
  // --series-column: the series stacked in `series`, each a run of its rows (models/ts_series.h splits
  // them); empty for one series. With a time column each series has its own times in run_times [runs],
  // and `times` is unset.
  std::vector<data::SeriesRun> runs;
  std::vector<data::TimeAxis> run_times;
  // A classifier's label column holds numbers, or with text labels each row's index into label_names.
  std::vector<std::string> label_names;  // text labels of this data, ascending
  bool labelled = true;                  // false: the file has no label column; its labels are NaN
  std::string origin;                    // CSV: the file's path, for errors naming origin:line
  std::vector<size_t> lines;             // CSV: [R] file line of each row
  size_t rows_read = 0;      // CSV: data records in the file
  size_t filled_values = 0;  // CSV: values carried forward (--fill ffill)
  size_t dropped_rows = 0;   // CSV: rows removed (--fill drop)
  // Rows a target transform's differencing dropped at the front: row r of `series` is data row
  // r + first_row (and `lines` lost the same rows). The split stays the data's (models/ts_split.h).
  size_t first_row = 0;
};

// A batch size for `examples` training examples when none is given: the largest power of two that
// leaves at least 64 batches an epoch, kept within [32, 256] — Keras' 32 for a few thousand windows or
// fewer, so that a small series still gets hundreds of updates in a run; 256 from 16,384 windows on.
size_t default_batch(size_t examples);
inline constexpr size_t kMaxDefaultBatch = 256;

// "file.csv:12" for a row of CSV data, "data row 12" otherwise.
std::string row_location(const TsData& data, size_t row);

// Reads or generates what `source` names, in data units, with its time column parsed and its calendar
// columns appended to the features. Errors are the CSV reader's, the time column's (data/time_column.h)
// and the generator's, for grouped data (csv_options.group) a group whose rows carry different labels
// (data/groups.h), and a lstmkit::UsageError on "`calendar`" when a calendar column's name is taken by
// the file or a calendar feature is the same in every row (it would tell the model nothing).
TsData read_ts_data(const TsSource& source);

// The feature columns known for `rows` rows past the end of the data (calendar covariates), in model
// units, with the spec's names; a Series without columns when the model has none. Throws lstmkit::Error
// when the model has calendar features but the data has no times.
data::Series known_future(const TsData& data, const TsSpec& spec, const data::Scaler& scaler, size_t rows);

// For a new model: fills spec.features and spec.targets from the data's columns and, when `classify`,
// spec.classes (numbers) or spec.class_names (text labels) from the distinct labels, ascending. For sequences
// it also sets spec.window to {T, 0, whether every step has a target}: a sequence is one example. Throws
// lstmkit::UsageError for a classifier without features other than its label, or on sequences, and
// lstmkit::Error for a label column with more than 1000 distinct values (it is not a class label).
void describe_columns(const TsData& data, bool classify, TsSpec& spec);

// For a new model: the spec's scaling fitted on the training rows of the series (split_ts; grouped
// data: the rows the model reads of the training groups) for every feature and regression target column; a classifier's label column is not scaled. Sequence datasets are
// used as generated: the identity.
data::Scaler fit_ts_scaler(const TsData& data, const TsSpec& spec);

// Grouped data as the model reads it: every group cut to its last spec.window.length rows (0: uncut),
// the cut groups counted. Throws lstmkit::Error when the data has no groups.
data::Groups model_groups(const TsData& data, const TsSpec& spec);

// For a new model: the target transform `options` ask for, fitted on the training rows (split_ts) of the
// series' target columns (the identity when nothing is asked). Throws lstmkit::UsageError when a transform is
// asked of sequences, groups or a classifier, and the transform's errors (data/target_transform.h).
data::TargetTransform fit_target_transform(const TsData& data, const TsSpec& spec,
                                           const data::TransformOptions& options);

// The series with `transform` applied to its target columns (a feature that is a target column is the
// same column) and its first transform.dropped_rows() rows dropped; `first_row` counts them.
TsData apply_target_transform(TsData data, const TsSpec& spec, const data::TargetTransform& transform);

// Throws lstmkit::Error naming both unless the dataset's features, targets (names and counts) and
// per-step targets are the model's.
void check_sequence_columns(const data::SequenceDataset& sequences, const TsSpec& spec);

// The data in model units: the target transform applied (apply_target_transform), every feature and
// regression target column scaled, a classifier's label
// replaced by its class id (an unlabelled file's stay NaN). Throws lstmkit::Error when the data lacks a
// column the model reads, a sequence dataset's shape differs from the model's, a label is not one of
// the model's classes (at origin:line when the rows' lines are known), or the data holds several series
// (models::model_units converts those, each with its own units).
TsData to_model_units(TsData data, const TsSpec& spec, const data::Scaler& scaler,
                      const data::TargetTransform& transform = {});

}  // namespace lstmkit::models
