#include "lstmkit/infer/forecast_table.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "lstmkit/error.h"

namespace lstmkit::infer {

namespace {

struct Part {
  std::string name;
  std::vector<size_t> index;  // into the forecast's rows
};

// "train" and "validation" around the boundary, or "all"; empty parts are left out.
std::vector<Part> parts(const std::vector<size_t>& rows, size_t boundary) {
  if (boundary == 0) {
    Part all{"all", {}};
    for (size_t i = 0; i < rows.size(); ++i) all.index.push_back(i);
    return {all};
  }
  Part train{"train", {}}, validation{"validation", {}};
  for (size_t i = 0; i < rows.size(); ++i) (rows[i] < boundary ? train : validation).index.push_back(i);
  std::vector<Part> out;
  for (Part* p : {&train, &validation})
    if (!p->index.empty()) out.push_back(std::move(*p));
  return out;
}

std::string cell(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.5g", x);
  return buf;
}

// Left-aligned text columns, then right-aligned number columns, two spaces apart.
std::string format_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                         size_t text_columns) {
  std::vector<size_t> width(header.size());
  for (size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& r : rows) width[c] = std::max(width[c], r[c].size());
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& r) {
    std::string l;
    for (size_t c = 0; c < r.size(); ++c) {
      const std::string pad(width[c] - r[c].size(), ' ');
      l += (c ? "  " : "") + (c < text_columns ? r[c] + pad : pad + r[c]);
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(header);
  for (const auto& r : rows) line(r);
  return out;
}

}  // namespace

std::vector<ErrorRow> one_step_errors(const data::Series& series, const SeriesForecast& f, size_t o,
                                      size_t horizon, size_t boundary, size_t season) {
  const size_t O = series.targets.size();
  if (o >= O || f.values.size() != f.rows.size() * O)
    throw Error("forecast table", "target " + std::to_string(o) + " of " + std::to_string(O) + " with " +
                                      std::to_string(f.values.size()) + " values for " +
                                      std::to_string(f.rows.size()) + " rows");
  const std::vector<float>& y = series.columns[series.targets[o]];
  std::vector<ErrorRow> out;
  for (const Part& part : parts(f.rows, boundary)) {
    std::vector<size_t> rows;
    std::vector<float> truth, predicted;
    for (size_t i : part.index) {
      rows.push_back(f.rows[i]);
      truth.push_back(y[f.rows[i]]);
      predicted.push_back(f.values[i * O + o]);
    }
    out.push_back({part.name, "model", data::forecast_errors(truth, predicted)});
    if (horizon >= 1)
      out.push_back({part.name, "persistence",
                     data::forecast_errors(truth, data::persistence_forecast(y, rows, horizon))});
    if (season > 0 && horizon >= 1) {
      const size_t lag = season * ((horizon + season - 1) / season);
      std::vector<size_t> seasonal_rows;
      std::vector<float> seasonal_truth;
      for (size_t r : rows)
        if (r >= lag) {
          seasonal_rows.push_back(r);
          seasonal_truth.push_back(y[r]);
        }
      if (!seasonal_rows.empty())
        out.push_back({part.name, "seasonal naive (" + std::to_string(season) + ")",
                       data::forecast_errors(seasonal_truth,
                                             data::seasonal_naive_forecast(y, seasonal_rows, season, horizon))});
    }
  }
  return out;
}

std::vector<ErrorRow> sequence_errors(const data::SequenceDataset& d, std::span<const size_t> train_ids,
                                      std::span<const size_t> ids, std::span<const float> predictions, size_t o) {
  const size_t K = d.per_step_targets ? d.steps : 1, O = d.outputs;
  if (o >= O || predictions.size() != ids.size() * K * O || train_ids.empty())
    throw Error("forecast table", std::to_string(predictions.size()) + " predictions for " +
                                      std::to_string(ids.size()) + " sequences of " + std::to_string(K) +
                                      " targets of " + std::to_string(O));
  // Per step for n-to-n data (a running sum grows along the sequence), one value otherwise.
  std::vector<double> mean(K, 0.0);
  for (size_t s : train_ids)
    for (size_t k = 0; k < K; ++k) mean[k] += d.target(s, k, o);
  for (double& m : mean) m /= static_cast<double>(train_ids.size());
  std::vector<float> truth, predicted, baseline;
  for (size_t i = 0; i < ids.size(); ++i)
    for (size_t k = 0; k < K; ++k) {
      truth.push_back(d.target(ids[i], k, o));
      predicted.push_back(predictions[(i * K + k) * O + o]);
      baseline.push_back(static_cast<float>(mean[k]));
    }
  return {{"validation", "model", data::forecast_errors(truth, predicted)},
          {"validation", K > 1 ? "training mean per step" : "training mean", data::forecast_errors(truth, baseline)}};
}

std::vector<AccuracyRow> accuracy_rows(const std::vector<LabelledPart>& parts, std::span<const float> baseline_labels,
                                       std::span<const std::string> class_names) {
  std::map<float, size_t> counts;
  for (float label : baseline_labels) ++counts[label];
  if (counts.empty()) throw Error("forecast table", "no labelled rows for the most-frequent-label baseline");
  const float majority =
      std::max_element(counts.begin(), counts.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
  const size_t id = static_cast<size_t>(majority);
  const std::string name = id < class_names.size() ? class_names[id] : cell(majority);
  std::vector<AccuracyRow> out;
  for (const LabelledPart& part : parts) {
    if (part.truth.size() != part.predicted.size())
      throw Error("forecast table", "part " + part.name + " has " + std::to_string(part.truth.size()) +
                                        " labels for " + std::to_string(part.predicted.size()) + " predictions");
    AccuracyRow model{part.name, "model", 0, part.truth.size()};
    AccuracyRow naive{part.name, "most frequent label (" + name + ")", 0, part.truth.size()};
    for (size_t i = 0; i < part.truth.size(); ++i) {
      model.correct += part.predicted[i] == part.truth[i];
      naive.correct += majority == part.truth[i];
    }
    out.push_back(model);
    out.push_back(naive);
  }
  return out;
}

std::vector<AccuracyRow> one_step_accuracy(const data::Series& series, const SeriesForecast& f, size_t boundary,
                                           std::span<const std::string> class_names) {
  if (f.values.size() != f.rows.size())
    throw Error("forecast table", "a classifier's forecast has one label per row");
  const std::vector<float>& y = series.columns[series.targets.front()];
  const std::span<const float> baseline(y.data(), boundary ? std::min(boundary, y.size()) : y.size());
  std::vector<LabelledPart> labelled;
  for (const Part& part : parts(f.rows, boundary)) {
    LabelledPart l{part.name, {}, {}};
    for (size_t i : part.index) {
      l.truth.push_back(y[f.rows[i]]);
      l.predicted.push_back(f.values[i]);
    }
    labelled.push_back(std::move(l));
  }
  return accuracy_rows(labelled, baseline, class_names);
}

std::vector<CoverageRow> interval_coverage(const data::Series& series, const SeriesForecast& f, size_t o,
                                           std::span<const double> quantiles, size_t boundary) {
  const size_t O = series.targets.size(), Q = quantiles.size();
  if (o >= O || f.quantiles.size() != f.rows.size() * Q * O)
    throw Error("forecast table", std::to_string(f.quantiles.size()) + " quantile values for " +
                                      std::to_string(f.rows.size()) + " rows of " + std::to_string(Q) +
                                      " quantiles of " + std::to_string(O) + " targets");
  const std::vector<float>& y = series.columns[series.targets[o]];
  std::vector<CoverageRow> out;
  for (const Part& part : parts(f.rows, boundary))
    for (size_t lo = 0; lo < Q / 2; ++lo) {
      const size_t hi = Q - 1 - lo;
      CoverageRow row{part.name, quantiles[lo], quantiles[hi], part.index.size(), 0};
      for (size_t i : part.index) {
        const float truth = y[f.rows[i]];
        row.covered += f.quantiles[(i * Q + lo) * O + o] <= truth && truth <= f.quantiles[(i * Q + hi) * O + o];
      }
      out.push_back(row);
    }
  return out;
}

std::string format_coverage(const std::vector<CoverageRow>& rows) {
  std::string out;
  for (const CoverageRow& r : rows) {
    char line[160];
    std::snprintf(line, sizeof line, "%s: %g%% interval (q%g to q%g) covers %.1f%% of %zu values\n", r.part.c_str(),
                  100 * (r.upper - r.lower), r.lower, r.upper,
                  r.count ? 100.0 * static_cast<double>(r.covered) / static_cast<double>(r.count) : 0.0, r.count);
    out += line;
  }
  return out;
}

std::string format_error_table(const std::vector<ErrorRow>& rows) {
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : rows)
    cells.push_back({r.part, r.predictor, std::to_string(r.errors.count), cell(r.errors.rmse * r.errors.rmse),
                     cell(r.errors.rmse), cell(r.errors.mae), r.errors.mape ? cell(*r.errors.mape) + "%" : "n/a"});
  return format_table({"part", "predictor", "rows", "MSE", "RMSE", "MAE", "MAPE"}, cells, 2);
}

std::string format_accuracy_table(const std::vector<AccuracyRow>& rows) {
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : rows) {
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.2f%%", r.count ? 100.0 * static_cast<double>(r.correct) / static_cast<double>(r.count) : 0.0);
    cells.push_back({r.part, r.predictor, std::to_string(r.count), std::to_string(r.correct), pct});
  }
  return format_table({"part", "predictor", "rows", "correct", "accuracy"}, cells, 2);
}

}  // namespace lstmkit::infer
