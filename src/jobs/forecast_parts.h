#pragma once
// The parts of the forecast job (jobs/forecast.h), one file each: the series, the sequences and the
// groups, and the words they share.
#include <string>
#include <vector>

#include "lstmkit/jobs/forecast.h"
#include "lstmkit/models/ts_data.h"

namespace lstmkit::jobs::forecast_parts {

// "lstm 1x32, window 80, horizon 1, target log, calendar month, quantiles 0.1,0.5,0.9".
std::string describe_model(const models::Regressor& model);
// A classifier's class names by id.
std::vector<std::string> class_names(const models::TsSpec& spec);

// Each fills the result's numbers, report and table from the data as read (data units).
void forecast_series(models::Regressor& model, const ForecastConfig& config, const models::TsData& raw,
                     ForecastResult& r);
// A model of several series: forecast_series on each series of the data (or the one config.series
// names) with that series' units; throws lstmkit::UsageError on "series" for an id the data lacks.
void forecast_each_series(models::Regressor& model, const ForecastConfig& config, const models::TsData& raw,
                          ForecastResult& r);
void forecast_sequences(models::Regressor& model, const ForecastConfig& config, const models::TsData& raw,
                        ForecastResult& r);
void forecast_groups(models::Regressor& model, const ForecastConfig& config, const models::TsData& raw,
                     ForecastResult& r);

}  // namespace lstmkit::jobs::forecast_parts
