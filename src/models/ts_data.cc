#include "lstmkit/models/ts_data.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "lstmkit/data/calendar.h"
#include "lstmkit/data/synthetic.h"
#include "lstmkit/data/windows.h"
#include "lstmkit/error.h"
#include "lstmkit/models/ts_split.h"

namespace lstmkit::models {

namespace {

constexpr size_t kMaxClasses = 1000;

bool contains(const std::vector<size_t>& v, size_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// A column the network reads or predicts in scaled units: every feature, and every target of a regressor.
bool scaled_column(const data::Series& s, size_t c, bool classify) {
  return contains(s.features, c) || (!classify && contains(s.targets, c));
}

// A label value of the data as the file wrote it.
std::string label_text(const TsData& d, float value) {
  return d.label_names.empty() ? number_text(value) : d.label_names.at(static_cast<size_t>(value));
}

// The class id of a label value of the data, if the model has that class.
std::optional<size_t> class_of(const TsData& d, const TsSpec& spec, float value) {
  if (spec.class_names.empty()) {
    if (!d.label_names.empty()) return std::nullopt;  // a word among the data's labels, numbers in the model's
    const auto it = std::lower_bound(spec.classes.begin(), spec.classes.end(), value);
    if (it == spec.classes.end() || *it != value) return std::nullopt;
    return static_cast<size_t>(it - spec.classes.begin());
  }
  const std::string text = label_text(d, value);
  const auto it = std::lower_bound(spec.class_names.begin(), spec.class_names.end(), text);
  if (it == spec.class_names.end() || *it != text) return std::nullopt;
  return static_cast<size_t>(it - spec.class_names.begin());
}

std::string class_list(const TsSpec& spec) {
  constexpr size_t kShown = 10;
  std::string out;
  for (size_t c = 0; c < std::min(spec.class_count(), kShown); ++c) out += (c ? ", " : "") + spec.class_name(c);
  return spec.class_count() > kShown ? out + ", ..." : out;
}

// The calendar columns of the data's rows, appended to its features.
// Several series: each one's from its own times, stacked.
void add_calendar(TsData& d, const TsSource& source) {
  if (!d.times && d.run_times.empty())
    throw Error(source.describe(), "calendar features need a time column", "name the column of dates with `time_column`");
  data::Series& s = *d.series;
  const std::vector<std::string> names = data::calendar_column_names(source.calendar);
  std::vector<std::vector<float>> columns(names.size());
  if (d.times) columns = data::calendar_columns(source.calendar, *d.times, 0, s.rows());
  for (size_t k = 0; k < d.run_times.size(); ++k) {
    const std::vector<std::vector<float>> own = data::calendar_columns(source.calendar, d.run_times[k], 0, d.runs[k].rows);
    for (size_t c = 0; c < columns.size(); ++c) columns[c].insert(columns[c].end(), own[c].begin(), own[c].end());
  }
  const data::TimeAxis& axis = d.times ? *d.times : d.run_times.front();
  auto constant = [](const std::vector<float>& c) {
    return std::all_of(c.begin(), c.end(), [&](float x) { return x == c.front(); });
  };
  for (size_t k = 0; k < source.calendar.size(); ++k)
    if (constant(columns[2 * k]) && constant(columns[2 * k + 1]))
      throw UsageError("`calendar`",
                       "'" + data::calendar_name(source.calendar[k]) + "' is the same in every row (the series steps by " +
                           axis.describe_step() + ")",
                       "choose calendar features that change from row to row, e.g. month for monthly data");
  for (size_t k = 0; k < names.size(); ++k) {
    if (std::find(s.names.begin(), s.names.end(), names[k]) != s.names.end())
      throw UsageError("`calendar`", "the data already has a column '" + names[k] + "'",
                       "rename that column of " + source.describe() + ", or leave its calendar feature out");
    s.names.push_back(names[k]);
    s.columns.push_back(std::move(columns[k]));
    s.features.push_back(s.columns.size() - 1);
  }
}

}  // namespace

TsData read_ts_data(const TsSource& source) {
  TsData d;
  if (source.synthetic) {
    if (source.is_sequences())
      d.sequences = data::make_sequences(*source.synthetic);
    else
      d.series = data::make_series(*source.synthetic);
    return d;
  }
  if (source.memory && !source.memory->table)
    throw Error(source.memory->name, "the model was trained on in-memory arrays, which its checkpoint does not hold",
                "pass the data again");
  const std::string origin = source.describe();
  data::CsvTable table = source.memory ? data::read_columns(*source.memory->table, origin, source.csv_options)
                                       : data::read_csv(source.csv, source.csv_options);
  d.series = std::move(table.series);
  d.label_names = std::move(table.label_names);
  d.labelled = table.labelled;
  d.origin = origin;
  d.lines = std::move(table.lines);
  d.rows_read = table.rows_read;
  d.filled_values = table.filled_values;
  d.dropped_rows = table.dropped_rows;
  const std::string& id_column = source.csv_options.series;
  if (!id_column.empty()) d.runs = data::series_runs(table.series_ids, d.lines, origin, id_column);
  const std::string& time_column = source.csv_options.time;
  if (!time_column.empty() && d.runs.empty())
    d.times = data::TimeAxis::parse(table.times, d.lines, origin, time_column);
  if (!time_column.empty())
    for (const data::SeriesRun& run : d.runs)
      d.run_times.push_back(data::for_series(run.id, [&] {
        return data::TimeAxis::parse(std::span(table.times).subspan(run.begin, run.rows),
                                     std::span(d.lines).subspan(run.begin, run.rows), origin, time_column);
      }));
  if (!source.calendar.empty()) add_calendar(d, source);
  if (!source.csv_options.group.empty()) {
    d.groups = data::group_rows(table.groups);
    const size_t label = d.series->targets.front();
    if (d.labelled)
      data::check_group_labels(*d.groups, d.series->columns[label], d.lines,
                               [&](float v) { return label_text(d, v); }, origin, d.series->names[label]);
  }
  return d;
}

void describe_columns(const TsData& d, bool classify, TsSpec& spec) {
  if (d.sequences) {
    if (classify)
      throw UsageError("`task`", "classification needs a CSV file with a label column",
                       "use `csv` FILE `label` COLUMN `features` a,b");
    // The examples are whole sequences: T is their length, and the data says whether every step has a
    // target (cumsum, n-to-n) or only the sequence (adding, n-to-1).
    spec.window = {d.sequences->steps, 0, d.sequences->per_step_targets};
    spec.features = d.sequences->feature_names;
    spec.targets = d.sequences->target_names;
    spec.classes.clear();
    return;
  }
  const data::Series& s = *d.series;
  spec.features = s.feature_names();
  spec.targets = s.target_names();
  spec.classes.clear();
  spec.class_names.clear();
  if (!classify) return;
  const size_t label = s.targets.front();
  if (contains(s.features, label))
    throw UsageError("`features`", "the label column '" + s.names[label] + "' cannot also be a feature",
                     "list the input columns with `features` a,b,c, without the label");
  if (!d.label_names.empty()) {
    spec.class_names = d.label_names;
  } else {
    const std::set<float> values(s.columns[label].begin(), s.columns[label].end());
    spec.classes.assign(values.begin(), values.end());
  }
  if (spec.class_count() > kMaxClasses)
    throw Error("`label`", "column '" + s.names[label] + "' has " + std::to_string(spec.class_count()) +
                               " distinct values, too many for class labels",
                "classify on a column of class labels, or drop `task` classify to regress on it");
}

data::Scaler fit_ts_scaler(const TsData& d, const TsSpec& spec) {
  if (d.sequences) return data::Scaler();
  const data::Series& s = *d.series;
  data::Series fitted;  // the scaled columns only: a classifier's label keeps its values
  for (size_t c = 0; c < s.columns.size(); ++c) {
    if (!scaled_column(s, c, spec.classifies())) continue;
    fitted.names.push_back(s.names[c]);
    fitted.columns.push_back(s.columns[c]);
  }
  const TsSplit split = split_ts(d, spec);
  if (!d.groups) return data::Scaler::fit(spec.scale, fitted, split.training_rows.front());
  // Grouped: the rows the model reads of the training groups, gathered in front.
  const data::Groups groups = model_groups(d, spec);
  std::vector<size_t> rows;
  for (size_t g : split.train)
    rows.insert(rows.end(), groups.rows[g].begin(), groups.rows[g].end());
  for (auto& column : fitted.columns) {
    std::vector<float> training(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) training[i] = column[rows[i]];
    column = std::move(training);
  }
  return data::Scaler::fit(spec.scale, fitted, rows.size());
}

size_t default_batch(size_t examples) {
  constexpr size_t kSmallest = 32, kBatchesPerEpoch = 64;
  size_t batch = kSmallest;
  while (batch * 2 <= kMaxDefaultBatch && batch * 2 * kBatchesPerEpoch <= examples) batch *= 2;
  return batch;
}

std::string row_location(const TsData& d, size_t row) {
  return row < d.lines.size() ? d.origin + ":" + std::to_string(d.lines[row]) : "data row " + std::to_string(row);
}

data::TargetTransform fit_target_transform(const TsData& d, const TsSpec& spec, const data::TransformOptions& options) {
  if (!options.any()) return {};
  if (!d.series || d.groups || spec.classifies())
    throw UsageError(options.log ? "`log`" : options.detrend ? "`detrend`" : "`difference`",
                     "target transforms are for regression on one series",
                     "leave it out for sequence datasets, groups and classifiers");
  if (!options.lags.empty() && spec.window.horizon > *std::min_element(options.lags.begin(), options.lags.end()))
    throw UsageError("`horizon`",
                     "horizon " + std::to_string(spec.window.horizon) + " is longer than the smallest `difference` lag, " +
                         "so undoing the difference would need values after the window's end",
                     "use a horizon of at most the smallest lag");
  const data::Series& s = *d.series;
  std::vector<std::vector<float>> values;
  for (size_t c : s.targets) values.push_back(s.columns[c]);
  const std::vector<std::string> names = s.target_names();
  return data::TargetTransform::fit(options, names, values, split_ts(d, spec).training_rows.front(),
                                    [&](size_t row) { return row_location(d, row); });
}

TsData apply_target_transform(TsData d, const TsSpec& spec, const data::TargetTransform& transform) {
  if (transform.identity()) return d;
  if (!d.series || d.groups || spec.classifies())
    throw Error("data", "the model transforms the target of one series", "forecast a series of the model's kind");
  data::Series& s = *d.series;
  const size_t drop = transform.dropped_rows();
  if (s.rows() <= drop)
    throw Error("data", "the series has " + std::to_string(s.rows()) + " rows, differencing needs more than " +
                            std::to_string(drop), "give a longer series");
  for (size_t c = 0; c < s.columns.size(); ++c) {
    std::vector<float>& column = s.columns[c];
    if (contains(s.targets, c))
      column = transform.apply(s.names[c], column, [&](size_t row) { return row_location(d, row); });
    else
      column.erase(column.begin(), column.begin() + static_cast<std::ptrdiff_t>(drop));
  }
  if (d.lines.size() >= drop) d.lines.erase(d.lines.begin(), d.lines.begin() + static_cast<std::ptrdiff_t>(drop));
  d.first_row += drop;
  return d;
}

data::Series known_future(const TsData& d, const TsSpec& spec, const data::Scaler& scaler, size_t rows) {
  data::Series known;
  const std::vector<data::CalendarFeature>& calendar = spec.source.calendar;
  if (calendar.empty()) return known;
  if (!d.times || !d.series)
    throw Error("data", "the model reads calendar features, but the data has no time column",
                "forecast a CSV file with the model's time column");
  known.names = data::calendar_column_names(calendar);
  known.columns = data::calendar_columns(calendar, *d.times, d.first_row + d.series->rows(), rows);
  for (size_t c = 0; c < known.columns.size(); ++c) scaler.transform(known.names[c], known.columns[c]);
  return known;
}

data::Groups model_groups(const TsData& d, const TsSpec& spec) {
  if (!d.groups)
    throw Error("data", "the model reads one sequence per group, but the data has no groups",
                "forecast a CSV file with the model's group column");
  data::Groups groups = *d.groups;
  data::keep_last(groups, spec.window.length);
  return groups;
}

void check_sequence_columns(const data::SequenceDataset& q, const TsSpec& spec) {
  auto when = [](bool per_step) { return per_step ? " (every step)" : " (once per sequence)"; };
  // The sizes are checked as well as the names: inputs must hold [S, T, F] for the model's F.
  if (q.feature_names != spec.features || q.target_names != spec.targets || q.features != spec.features.size() ||
      q.outputs != spec.targets.size() || q.per_step_targets != spec.window.return_sequences ||
      q.inputs.size() != q.sequences * q.steps * q.features)
    throw Error("data", "the sequences have features [" + joined(q.feature_names) + "] and targets [" +
                            joined(q.target_names) + "]" + when(q.per_step_targets) + ", the model reads [" +
                            joined(spec.features) + "] and predicts [" + joined(spec.targets) + "]" +
                            when(spec.window.return_sequences),
                "forecast with the kind of data the model was trained on");
}

TsData to_model_units(TsData d, const TsSpec& spec, const data::Scaler& scaler,
                      const data::TargetTransform& transform) {
  if (d.sequences) {
    check_sequence_columns(*d.sequences, spec);
    return d;
  }
  // Several series are converted one at a time, each with its own units (models/ts_series.h).
  if (!d.runs.empty())
    throw Error("data", "the data holds " + std::to_string(d.runs.size()) + " series (column '" +
                            spec.source.csv_options.series + "'), each scaled with its own units",
                "this step reads one series at a time");
  if (d.series->feature_names() != spec.features || d.series->target_names() != spec.targets)
    throw Error("data", "the series has features [" + joined(d.series->feature_names()) + "] and targets [" +
                            joined(d.series->target_names()) + "], the model reads [" + joined(spec.features) +
                            "] and predicts [" + joined(spec.targets) + "]",
                "give a file with the model's columns");
  d = apply_target_transform(std::move(d), spec, transform);
  data::Series& s = *d.series;
  for (size_t c = 0; c < s.columns.size(); ++c)
    if (scaled_column(s, c, spec.classifies())) scaler.transform(s.names[c], s.columns[c]);
  if (spec.classifies() && d.labelled) {
    std::vector<float>& labels = s.columns[s.targets.front()];
    for (size_t r = 0; r < labels.size(); ++r) {
      const std::optional<size_t> id = class_of(d, spec, labels[r]);
      if (!id) {
        const bool at_line = r < d.lines.size();
        throw Error(at_line ? d.origin + ":" + std::to_string(d.lines[r]) : "data",
                    (at_line ? "" : "data row " + std::to_string(r + 1) + ": ") + "label '" + label_text(d, labels[r]) +
                        "' of column '" + s.names[s.targets.front()] + "' is not one of the model's " +
                        std::to_string(spec.class_count()) + " classes (" + class_list(spec) + ")",
                    "the model can only name the classes it was trained on");
      }
      labels[r] = static_cast<float>(*id);
    }
    // The labels are class ids from here on: names come from the model.
    d.label_names.clear();
  }
  return d;
}

}  // namespace lstmkit::models
