#include "lstmkit/data/groups.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include "lstmkit/data/holdout.h"
#include "lstmkit/error.h"
#include "lstmkit/rng.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::data {

Groups group_rows(std::span<const std::string> row_groups) {
  Groups g;
  std::unordered_map<std::string_view, size_t> id;  // views into row_groups, which outlive the map
  for (size_t r = 0; r < row_groups.size(); ++r) {
    const auto [it, added] = id.try_emplace(row_groups[r], g.names.size());
    if (added) {
      g.names.push_back(row_groups[r]);
      g.rows.emplace_back();
    }
    g.rows[it->second].push_back(r);
  }
  return g;
}

void keep_last(Groups& groups, size_t max_length) {
  if (max_length == 0) return;
  for (auto& rows : groups.rows) {
    if (rows.size() <= max_length) continue;
    rows.erase(rows.begin(), rows.end() - static_cast<std::ptrdiff_t>(max_length));
    ++groups.truncated;
  }
}

void check_group_labels(const Groups& groups, std::span<const float> labels, std::span<const size_t> lines,
                        const std::function<std::string(float)>& label_text, const std::string& source,
                        const std::string& column) {
  for (size_t s = 0; s < groups.size(); ++s) {
    const std::vector<size_t>& rows = groups.rows[s];
    const float first = labels[rows.front()];
    for (size_t r : rows) {
      // NaN (an unlabelled file) is unequal even to itself; two unknown labels agree.
      if (labels[r] == first || (std::isnan(labels[r]) && std::isnan(first))) continue;
      throw Error(source + ":" + std::to_string(lines[r]),
                  "group '" + text::printable(groups.names[s]) + "' has label '" +
                      text::printable(label_text(labels[r])) + "' in column '" + text::printable(column) +
                      "', but '" + text::printable(label_text(first)) + "' on line " +
                      std::to_string(lines[rows.front()]),
                  "every row of a group is one sequence with one label: fix the labels, or check that `group` "
                  "names the column that identifies each sequence");
    }
  }
}

GroupSplit split_groups(size_t groups, double val_frac, uint64_t seed) {
  const size_t val = held_out_count(groups, val_frac, "groups",
                                    "give a file with more groups or change `val_frac` (0 trains on every group)");
  std::vector<size_t> order(groups);
  std::iota(order.begin(), order.end(), size_t{0});
  Rng rng(seed);
  shuffle_ids(order, rng);
  GroupSplit split;
  split.train.assign(order.begin(), order.end() - static_cast<std::ptrdiff_t>(val));
  split.validation.assign(order.end() - static_cast<std::ptrdiff_t>(val), order.end());
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.validation.begin(), split.validation.end());
  return split;
}

std::vector<size_t> group_lengths(const Groups& groups) {
  std::vector<size_t> lengths(groups.size());
  for (size_t s = 0; s < groups.size(); ++s) lengths[s] = groups.length(s);
  return lengths;
}

std::vector<std::vector<size_t>> length_batches(std::span<const size_t> ids, std::span<const size_t> lengths,
                                                size_t batch) {
  if (batch == 0) throw UsageError("`batch`", "batch size 0", "use a batch size of at least 1");
  std::map<size_t, std::vector<size_t>> by_length;
  for (size_t id : ids) by_length[lengths[id]].push_back(id);
  std::vector<std::vector<size_t>> out;
  for (const auto& [length, bucket] : by_length) {
    for (auto& b : batch_groups(bucket, batch)) out.push_back(std::move(b));
  }
  return out;
}

RegressionBatch group_batch(const Series& series, const Groups& groups, std::span<const size_t> ids) {
  if (ids.empty()) throw Error("group batch", "no groups requested");
  for (size_t id : ids)
    if (id >= groups.size())
      throw Error("group batch", "group " + std::to_string(id) + " of " + std::to_string(groups.size()));
  RegressionBatch b;
  b.steps = groups.length(ids.front());
  b.batch = ids.size();
  b.features = series.features.size();
  b.outputs = 1;
  const size_t T = b.steps, N = b.batch, F = b.features;
  b.inputs.resize(T * N * F);
  b.targets.resize(N);
  const std::vector<float>& label = series.columns.at(series.targets.front());
  for (size_t n = 0; n < N; ++n) {
    const std::vector<size_t>& rows = groups.rows[ids[n]];
    if (rows.size() != T)
      throw Error("group batch", "group '" + text::printable(groups.names[ids[n]]) + "' has " +
                                     std::to_string(rows.size()) + " rows, the batch's first " +
                                     std::to_string(T) + ": a batch holds sequences of one length");
    for (size_t t = 0; t < T; ++t)
      for (size_t f = 0; f < F; ++f) b.inputs[(t * N + n) * F + f] = series.columns[series.features[f]][rows[t]];
    b.targets[n] = label[rows.back()];
  }
  return b;
}

}  // namespace lstmkit::data
