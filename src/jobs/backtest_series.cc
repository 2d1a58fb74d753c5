// The backtest of a model of several series (backtest_parts.h). Each series is backtested as a model of
// that series alone would be: its own origins (from its own length), its own units, its own baselines and
// MASE scale. Retrained, there is one new model per round of origins, trained on every series' rows
// before that series' own origin of the round, so that no series' rows at or past its origin reach the
// model or its scalers; a series whose origins have run out sits the round out.
#include <algorithm>
#include <cmath>

#include "backtest_parts.h"
#include "lstmkit/data/series_runs.h"
#include "lstmkit/error.h"
#include "lstmkit/models/ts_series.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::jobs::backtest_parts {

namespace {

// Every method's errors over all series: MAE and RMSE pooled over every origin and step of every series
// (each in its own units, so a series in thousands outweighs one in tens), MAPE, sMAPE and MASE the mean
// of the series' own (each series counts once, whatever its scale; undefined when one series' is).
std::vector<BacktestMethod> overall(const std::vector<BacktestResult>& series) {
  std::vector<BacktestMethod> methods;
  for (size_t m = 0; m < series.front().methods.size(); ++m) {
    BacktestMethod all{series.front().methods[m].name, {}, {}};
    infer::BacktestErrors& e = all.errors;
    double abs = 0, squared = 0, mape = 0, mase = 0;
    bool mape_defined = true, mase_defined = true;
    for (const BacktestResult& s : series) {
      const infer::BacktestErrors& one = s.methods.at(m).errors;
      e.count += one.count;
      abs += one.mae * static_cast<double>(one.count);
      squared += one.rmse * one.rmse * static_cast<double>(one.count);
      e.smape += one.smape / static_cast<double>(series.size());
      mape_defined = mape_defined && one.mape;
      mase_defined = mase_defined && one.mase;
      if (one.mape) mape += *one.mape;
      if (one.mase) mase += *one.mase;
    }
    e.mae = abs / static_cast<double>(e.count);
    e.rmse = std::sqrt(squared / static_cast<double>(e.count));
    if (mape_defined) e.mape = mape / static_cast<double>(series.size());
    if (mase_defined) e.mase = mase / static_cast<double>(series.size());
    methods.push_back(std::move(all));
  }
  return methods;
}

// Runs f() with the model in series `id`'s units, errors naming the series.
template <class F>
auto in_series(models::Regressor& model, const std::string& id, const std::string& where, F&& f) {
  return model.with_series_units(id, where, [&] { return data::for_series(id, f); });
}

// Retraining: forecasts [chosen series][origin] of one model per round i, trained on the rows of every
// series of the data before its own i-th origin.
std::vector<std::vector<std::vector<float>>> retrained_forecasts(models::Regressor& model, const models::TsData& data,
                                                                 const std::vector<size_t>& chosen,
                                                                 const std::vector<models::TsData>& parts,
                                                                 const BacktestConfig& config, train::Reporter& reporter) {
  const std::string where = data.origin.empty() ? "data" : data.origin;
  std::vector<std::vector<size_t>> origins;  // [run] as each series' backtest picks them
  size_t rounds = 0;
  for (const data::SeriesRun& run : data.runs) {
    origins.push_back(in_series(model, run.id, where, [&] { return series_origins(model, run.rows, config); }));
    rounds = std::max(rounds, origins.back().size());
  }
  std::vector<std::vector<std::vector<float>>> forecasts(chosen.size());
  for (size_t i = 0; i < rounds; ++i) {
    TsTrainConfig c = *config.retrain;
    std::string origin;
    for (size_t k = 0; k < data.runs.size(); ++k) {
      if (i >= origins[k].size()) continue;
      c.series_rows.emplace_back(data.runs[k].id, origins[k][i]);
      origin += (origin.empty() ? "" : ", ") + text::printable(data.runs[k].id) + " row " + std::to_string(origins[k][i]);
    }
    const auto fresh = retrained(std::move(c), origin, "each series' rows before it", i, rounds, reporter);
    for (size_t j = 0; j < chosen.size(); ++j) {
      const size_t k = chosen[j];
      if (i < origins[k].size())
        forecasts[j].push_back(in_series(*fresh, data.runs[k].id, where,
                                         [&] { return forecast_from(*fresh, parts[j], origins[k][i], config.steps); }));
    }
  }
  return forecasts;
}

}  // namespace

BacktestResult backtest_each_series(models::Regressor& model, const models::TsData& data,
                                    const BacktestConfig& config, train::Reporter& reporter) {
  std::vector<size_t> chosen;
  if (!config.series.empty()) {
    chosen = {data::find_run(data.runs, config.series, "`series`")};
  } else {
    for (size_t k = 0; k < data.runs.size(); ++k) chosen.push_back(k);
  }
  std::vector<models::TsData> parts;
  for (size_t k : chosen) parts.push_back(models::series_part(data, k));
  const auto retrained_ones =
      config.retrain ? retrained_forecasts(model, data, chosen, parts, config, reporter)
                     : std::vector<std::vector<std::vector<float>>>();
  const std::string where = data.origin.empty() ? "data" : data.origin;
  BacktestResult r;
  for (size_t j = 0; j < chosen.size(); ++j) {
    const std::string& id = data.runs[chosen[j]].id;
    BacktestResult one = in_series(model, id, where, [&] {
      return backtest_one_series(model, parts[j], config, [&](size_t i, size_t t) {
        return config.retrain ? retrained_ones[j].at(i) : forecast_from(model, parts[j], t, config.steps);
      });
    });
    one.series_id = id;
    r.per_series.push_back(std::move(one));
  }
  const BacktestResult& first = r.per_series.front();
  r.target = first.target;
  r.steps = first.steps;
  r.forecast_kind = first.forecast_kind;
  r.methods = overall(r.per_series);
  return r;
}

}  // namespace lstmkit::jobs::backtest_parts
