#include "lstmkit/models/ts_data.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "lstmkit/data/synthetic.h"
#include "lstmkit/data/windows.h"
#include "lstmkit/error.h"

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
  data::CsvTable table = data::read_csv(source.csv, source.csv_options);
  d.series = std::move(table.series);
  d.rows_read = table.rows_read;
  d.filled_values = table.filled_values;
  d.dropped_rows = table.dropped_rows;
  return d;
}

void describe_columns(const TsData& d, bool classify, TsSpec& spec) {
  if (d.sequences) {
    if (classify)
      throw UsageError("--task", "classification needs a CSV file with a label column",
                       "use --csv FILE --label COLUMN --features a,b");
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
  if (!classify) return;
  const size_t label = s.targets.front();
  if (contains(s.features, label))
    throw UsageError("--features", "the label column '" + s.names[label] + "' cannot also be a feature",
                     "list the input columns with --features a,b,c, without the label");
  const std::set<float> values(s.columns[label].begin(), s.columns[label].end());
  if (values.size() > kMaxClasses)
    throw Error("--label", "column '" + s.names[label] + "' has " + std::to_string(values.size()) +
                               " distinct values, too many for class labels",
                "classify on a column of class numbers, or drop --task classify to regress on it");
  spec.classes.assign(values.begin(), values.end());
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
  return data::Scaler::fit(spec.scale, fitted, data::split_boundary(s.rows(), spec.val_frac));
}

TsData to_model_units(TsData d, const TsSpec& spec, const data::Scaler& scaler) {
  if (d.sequences) {
    const data::SequenceDataset& q = *d.sequences;
    if (q.feature_names != spec.features || q.target_names != spec.targets ||
        q.per_step_targets != spec.window.return_sequences)
      throw Error("data", "the sequences have features [" + joined(q.feature_names) + "] and targets [" +
                              joined(q.target_names) + "], the model [" + joined(spec.features) + "] and [" +
                              joined(spec.targets) + "]",
                  "forecast with the kind of data the model was trained on");
    return d;
  }
  data::Series& s = *d.series;
  if (s.feature_names() != spec.features || s.target_names() != spec.targets)
    throw Error("data", "the series has features [" + joined(s.feature_names()) + "] and targets [" +
                            joined(s.target_names()) + "], the model reads [" + joined(spec.features) +
                            "] and predicts [" + joined(spec.targets) + "]",
                "give a file with the model's columns");
  for (size_t c = 0; c < s.columns.size(); ++c)
    if (scaled_column(s, c, spec.classifies())) scaler.transform(s.names[c], s.columns[c]);
  if (spec.classifies()) {
    std::vector<float>& labels = s.columns[s.targets.front()];
    for (size_t r = 0; r < labels.size(); ++r) {
      const auto it = std::lower_bound(spec.classes.begin(), spec.classes.end(), labels[r]);
      if (it == spec.classes.end() || *it != labels[r])
        throw Error("data", "data row " + std::to_string(r + 1) + ": label " + std::to_string(labels[r]) +
                                " of column '" + s.names[s.targets.front()] + "' is not one of the model's " +
                                std::to_string(spec.classes.size()) + " classes",
                    "the model can only name the classes it was trained on");
      labels[r] = static_cast<float>(it - spec.classes.begin());
    }
  }
  return d;
}

}  // namespace lstmkit::models
