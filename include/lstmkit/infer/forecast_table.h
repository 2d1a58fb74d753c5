#pragma once
// How good a forecast is, next to the trivial answers it has to beat: error tables for a regressor's
// one-step forecast (persistence, seasonal naive), for predictions on whole sequences (the training
// mean), and accuracy for a classifier (the most frequent training label). All in data units. The
// tables are returned as text; the caller prints them.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "lstmkit/data/metrics.h"
#include "lstmkit/data/sequence_dataset.h"
#include "lstmkit/data/series.h"
#include "lstmkit/infer/forecaster.h"

namespace lstmkit::infer {

struct ErrorRow {
  std::string part;       // "train", "validation" or "all"
  std::string predictor;  // "model", "persistence", "seasonal naive (80)", "training mean"
  data::ForecastErrors errors;
};

// Target `o` of a one-step forecast against the series' own values (data units), per part: rows before
// `boundary` are "train", the others "validation"; boundary 0 makes one part, "all". Persistence needs
// horizon ≥ 1; seasonal naive (season > 0) is scored on the rows that have a value a season back.
std::vector<ErrorRow> one_step_errors(const data::Series& series, const SeriesForecast& forecast, size_t o,
                                      size_t horizon, size_t boundary, size_t season);

// Target `o` of predictions [n, K, O] for sequences `ids` (predict_sequences) against their targets,
// next to always predicting the mean of that target over the sequences `train_ids`. Part "validation".
std::vector<ErrorRow> sequence_errors(const data::SequenceDataset& sequences, std::span<const size_t> train_ids,
                                      std::span<const size_t> ids, std::span<const float> predictions, size_t o);

struct AccuracyRow {
  std::string part;       // as ErrorRow
  std::string predictor;  // "model" or "most frequent label (walking)"
  size_t correct = 0;
  size_t count = 0;
};

// Class ids predicted for one part of the data, and the true ones.
struct LabelledPart {
  std::string name;                // as ErrorRow's part
  std::vector<float> truth;        // [n] class ids
  std::vector<float> predicted;    // [n] class ids
};

// Accuracy per part, each next to always answering the most frequent of `baseline_labels` (class ids:
// the training labels); class_names [C] name the classes in the predictor column. Throws lstmkit::Error
// when baseline_labels is empty.
std::vector<AccuracyRow> accuracy_rows(const std::vector<LabelledPart>& parts, std::span<const float> baseline_labels,
                                       std::span<const std::string> class_names);

// A classifier's forecast (class ids) against the label column in class ids (to_model_units), per part
// as one_step_errors, next to always answering the most frequent label of the rows before `boundary` (of
// all rows when 0).
std::vector<AccuracyRow> one_step_accuracy(const data::Series& series, const SeriesForecast& forecast,
                                           size_t boundary, std::span<const std::string> class_names);

// How often a quantile head's interval [q_lower, q_upper] held the truth.
struct CoverageRow {
  std::string part;      // as ErrorRow's
  double lower = 0, upper = 0;  // the quantiles: nominal coverage upper − lower
  size_t count = 0, covered = 0;
};

// For target `o` of a forecast with quantiles [P, Q, O] (`quantiles` [Q] ascending), the intervals between
// the first and last quantile, the second and second-to-last, ... scored against the series' values, per
// part as one_step_errors. Empty with fewer than 2 quantiles.
std::vector<CoverageRow> interval_coverage(const data::Series& series, const SeriesForecast& forecast, size_t o,
                                           std::span<const double> quantiles, size_t boundary);
// One line a row: "validation: 80% interval (q0.1 to q0.9) covers 78.4% of 29 values".
std::string format_coverage(const std::vector<CoverageRow>& rows);

// Fixed-width text tables, a header line and one line per row; "n/a" where MAPE is not defined.
std::string format_error_table(const std::vector<ErrorRow>& rows);
std::string format_accuracy_table(const std::vector<AccuracyRow>& rows);

}  // namespace lstmkit::infer
