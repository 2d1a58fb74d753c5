#include "lstmkit/models/ts_series.h"

#include "lstmkit/error.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::models {

namespace {

template <class T>
std::vector<T> slice(const std::vector<T>& v, size_t begin, size_t count) {
  if (begin >= v.size()) return {};
  const auto first = v.begin() + static_cast<std::ptrdiff_t>(begin);
  return {first, first + static_cast<std::ptrdiff_t>(std::min(count, v.size() - begin))};
}

template <class T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

TsData series_part(const TsData& d, size_t k) {
  const data::SeriesRun& run = d.runs.at(k);
  TsData part;
  part.series = data::Series{d.series->names, {}, d.series->features, d.series->targets};
  for (const auto& column : d.series->columns) part.series->columns.push_back(slice(column, run.begin, run.rows));
  part.label_names = d.label_names;
  part.labelled = d.labelled;
  part.origin = d.origin;
  part.lines = slice(d.lines, run.begin, run.rows);
  if (k < d.run_times.size()) part.times = d.run_times[k];
  part.first_row = run.skipped;
  return part;
}

TsData stack_series(std::vector<TsData> parts, std::span<const data::SeriesRun> runs) {
  if (parts.size() != runs.size() || parts.empty())
    throw Error("data", std::to_string(parts.size()) + " parts for " + std::to_string(runs.size()) + " series");
  TsData d = parts.front();
  d.times.reset();
  d.lines.clear();
  for (auto& column : d.series->columns) column.clear();
  for (size_t k = 0; k < parts.size(); ++k) {
    const data::Series& s = *parts[k].series;
    d.runs.push_back({runs[k].id, d.series->rows(), s.rows(), parts[k].first_row});
    for (size_t c = 0; c < s.columns.size(); ++c) append(d.series->columns[c], s.columns[c]);
    append(d.lines, parts[k].lines);
    if (parts[k].times) d.run_times.push_back(*parts[k].times);
  }
  d.first_row = 0;
  return d;
}

TsData first_series_rows(const TsData& d, std::span<const std::pair<std::string, size_t>> rows) {
  std::vector<size_t> asked(d.runs.size(), 0);
  std::vector<bool> named(d.runs.size(), false);
  for (const auto& [id, count] : rows) {
    const size_t k = data::find_run(d.runs, id, "series_rows");
    if (count > d.runs[k].rows)
      throw UsageError("series_rows",
                       "series '" + text::printable(id) + "': " + std::to_string(count) + " rows asked of a series of " +
                           std::to_string(d.runs[k].rows),
                       "give at most the series' rows");
    asked[k] = count;
    named[k] = true;
  }
  std::vector<TsData> parts;
  std::vector<data::SeriesRun> runs;
  for (size_t k = 0; k < d.runs.size(); ++k) {
    if (!named[k]) continue;
    TsData part = series_part(d, k);
    for (auto& column : part.series->columns) column.resize(asked[k]);
    if (part.lines.size() > asked[k]) part.lines.resize(asked[k]);
    parts.push_back(std::move(part));
    runs.push_back(d.runs[k]);
  }
  if (parts.empty()) throw UsageError("series_rows", "no series named", "name at least one series");
  return stack_series(std::move(parts), runs);
}

std::vector<SeriesUnits> fit_series_units(const TsData& d, const TsSpec& spec, const data::TransformOptions& options) {
  std::vector<SeriesUnits> units;
  for (size_t k = 0; k < d.runs.size(); ++k)
    units.push_back(data::for_series(d.runs[k].id, [&] {
      const TsData part = series_part(d, k);
      SeriesUnits u{d.runs[k].id, {}, fit_target_transform(part, spec, options)};
      u.scaler = fit_ts_scaler(apply_target_transform(part, spec, u.transform), spec);
      return u;
    }));
  return units;
}

TsData model_units(TsData d, const Regressor& model) {
  const TsSpec& spec = model.spec();
  if (d.runs.empty() != model.series_units().empty())
    throw Error("data",
                d.runs.empty() ? "the model was trained on several series (column '" +
                                     spec.source.csv_options.series + "'), the data is one series"
                               : "the data holds several series, the model was trained on one",
                "give data of the kind the model was trained on");
  if (d.runs.empty()) return to_model_units(std::move(d), spec, model.scaler(), model.transform());
  std::vector<TsData> parts;
  for (size_t k = 0; k < d.runs.size(); ++k) {
    const SeriesUnits& u = units_of(model.series_units(), d.runs[k].id, d.origin.empty() ? "data" : d.origin);
    parts.push_back(data::for_series(
        u.id, [&] { return to_model_units(series_part(d, k), spec, u.scaler, u.transform); }));
  }
  const std::vector<data::SeriesRun> runs = d.runs;
  return stack_series(std::move(parts), runs);
}

}  // namespace lstmkit::models
