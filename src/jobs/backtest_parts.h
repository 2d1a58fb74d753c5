#pragma once
// The parts of the backtest job (jobs/backtest.h): one series' backtest with the model's forecast at each
// origin given, a model retrained for an origin, and the backtest of a model of several series.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lstmkit/jobs/backtest.h"

namespace lstmkit::jobs::backtest_parts {

// The model's forecast of the steps after origin i, row t.
using OriginForecast = std::function<std::vector<float>(size_t i, size_t t)>;

// The origins of a series of `rows` rows for the model (its history and the config's start, stride,
// steps and season). Throws what infer::backtest_origins throws.
std::vector<size_t> series_origins(const models::Regressor& model, size_t rows, const BacktestConfig& config);

// One series (`data` without runs, the model in its units): every origin (series_origins), the model's
// forecast from `forecast_at` and the baselines', scored. Throws lstmkit::Error for a model of several
// targets, sequences or groups.
BacktestResult backtest_one_series(const models::Regressor& model, const models::TsData& data,
                                   const BacktestConfig& config, const OriginForecast& forecast_at);

// A model trained with `config` (its rows or series_rows those of one origin), noted as origin `index`
// of `origins`: "origin 2 of 5 (<origin>): retrained on <rows>, 1,200 updates, best validation loss ...".
// Throws lstmkit::Error when the run was interrupted.
std::unique_ptr<models::Regressor> retrained(TsTrainConfig config, const std::string& origin, const std::string& rows,
                                             size_t index, size_t origins, train::Reporter& reporter);

// A model of several series on data of several (runs): each series (or config.series alone) backtested
// with its own units and origins, the overall rows of every method in the result. Throws
// lstmkit::UsageError on "series" for an id the data lacks, and each series' errors naming it.
BacktestResult backtest_each_series(models::Regressor& model, const models::TsData& data,
                                    const BacktestConfig& config, train::Reporter& reporter);

}  // namespace lstmkit::jobs::backtest_parts
