#pragma once
// Several series in one file (`--series-column`), one model: the series are taken apart to be transformed
// and scaled each on its own (models/series_units.h), then stacked again for training, where a series'
// windows never reach into the next one (data/series_runs.h).
#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "lstmkit/data/target_transform.h"
#include "lstmkit/models/regressor.h"
#include "lstmkit/models/series_units.h"
#include "lstmkit/models/ts_data.h"
#include "lstmkit/models/ts_spec.h"

namespace lstmkit::models {

// Series k of the data alone, as a file of that series would read: its rows, file lines and times, and
// the rows its differencing dropped (run.skipped) as first_row.
TsData series_part(const TsData& data, size_t k);

// Parts of one table (series_part's, converted) stacked again, runs[k] naming part k: the result's runs
// are theirs with each part's rows and first_row (as skipped). Throws lstmkit::Error when the counts differ.
TsData stack_series(std::vector<TsData> parts, std::span<const data::SeriesRun> runs);

// The data as if each series named in `rows` (id, rows) ended after its first rows, the others left
// out, in the data's order (a backtest's origins: no row at or past a series' origin reaches training).
// Throws lstmkit::UsageError on "series_rows" for an id the data lacks (listing its ids), rows past a
// series' end, or no series.
TsData first_series_rows(const TsData& data, std::span<const std::pair<std::string, size_t>> rows);

// For a new model of several series: each series' target transform and scaler, fitted on its own training
// part. Errors are fit_target_transform's and the scaler's, naming the series.
std::vector<SeriesUnits> fit_series_units(const TsData& data, const TsSpec& spec,
                                          const data::TransformOptions& options);

// The data in the model's units: to_model_units with the model's scaler and transform, or for a model of
// several series each series with its own (looked up by id: a series the model was not trained on is an
// error), stacked. Throws lstmkit::Error when the data has several series and the model one, or the other
// way round.
TsData model_units(TsData data, const Regressor& model);

}  // namespace lstmkit::models
