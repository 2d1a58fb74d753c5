// The forecast job on a model of several series (forecast_parts.h): each series taken out of the data
// and forecast with its own scaler and transform exactly as a model of one series would be (so the
// one-step tables, baselines, closed loop and files are those of forecast_series), then the reports
// joined and the tables stacked under a `series` column.
#include <numeric>
#include <sstream>

#include "forecast_parts.h"
#include "lstmkit/data/series_runs.h"
#include "lstmkit/error.h"
#include "lstmkit/models/ts_series.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::jobs::forecast_parts {

namespace {

std::string describe_rows(const models::TsData& part) {
  const size_t R = part.series->rows();
  return std::to_string(R) + " rows" +
         (part.times ? ", " + part.times->text(0) + " to " + part.times->text(R - 1) + " every " +
                           part.times->describe_step()
                     : std::string());
}

}  // namespace

void forecast_each_series(models::Regressor& model, const ForecastConfig& config, const models::TsData& raw,
                          ForecastResult& r) {
  const std::string& column = model.spec().source.csv_options.series;
  const std::string where = raw.origin.empty() ? "data" : raw.origin;
  if (raw.runs.empty())
    throw Error(where, "holds no series of column '" + text::printable(column) + "'",
                "give data of the series the model was trained on");
  std::vector<size_t> chosen(raw.runs.size());
  std::iota(chosen.begin(), chosen.end(), size_t{0});
  if (!config.series.empty()) chosen = {data::find_run(raw.runs, config.series, "`series`")};
  r.data_description += ", " + std::to_string(raw.runs.size()) + " series by column '" + text::printable(column) + "'";
  std::ostringstream report;
  for (size_t k : chosen) {
    ForecastResult one;
    one.series_id = raw.runs[k].id;
    one.own_data = r.own_data;
    one.model_description = r.model_description;
    const models::TsData part = models::series_part(raw, k);
    one.data_description = describe_rows(part);
    model.with_series_units(one.series_id, where, [&] {
      data::for_series(one.series_id, [&] { forecast_series(model, config, part, one); });
    });
    report << (k == chosen.front() ? "" : "\n") << "series '" << text::printable(one.series_id)
           << "': " << one.data_description << "\n"
           << one.report;
    if (r.table.lines.empty()) {
      r.table = one.table;
      r.table.lines.clear();
      r.table.boundary.reset();
      r.table.data_end.reset();
      r.table.by_series = true;
    }
    one.table.title += ", series '" + text::printable(one.series_id) + "'";
    for (infer::ForecastLine line : one.table.lines) {
      line.series = one.series_id;
      r.table.lines.push_back(std::move(line));
    }
    r.series.push_back(std::move(one));
  }
  r.report = report.str();
}

}  // namespace lstmkit::jobs::forecast_parts
