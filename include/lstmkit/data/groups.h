#pragma once
// Sequence classification over groups (`--group COLUMN`): the rows of a table that share a group name form
// one sequence, in file order — a group's rows need not be contiguous — and the whole sequence has one
// label. Sequences differ in length and oneDNN's RNN primitive has no lengths input, so a batch holds
// sequences of one exact length (bucketing, as s2s_batches does for sources): the model's last step is
// every sequence's own last row, and no padding is ever read as data.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "lstmkit/data/regression_batch.h"
#include "lstmkit/data/series.h"

namespace lstmkit::data {

struct Groups {
  std::vector<std::string> names;         // [S] group names, in order of first appearance
  std::vector<std::vector<size_t>> rows;  // [S] each group's rows of the table, ascending (file order)
  size_t truncated = 0;                   // groups that keep_last cut to their last rows

  size_t size() const { return names.size(); }
  size_t length(size_t s) const { return rows[s].size(); }  // T_s
};

// One group per distinct name; row_groups [R] names each row's group.
Groups group_rows(std::span<const std::string> row_groups);

// Keeps the last `max_length` rows of every longer group (Keras pad_sequences' truncating='pre': the
// end of a recording is what the model reads last) and counts them in `truncated`; 0 keeps every row.
void keep_last(Groups& groups, size_t max_length);

// Every row of a group must carry its group's label. Throws lstmkit::Error at `source:line` of the first
// row whose label differs from its group's first row, naming the group, both labels and the first row's
// line. labels [R] label values, lines [R] file lines; label_text turns a label value into its text;
// `column` is the label column's name.
void check_group_labels(const Groups& groups, std::span<const float> labels, std::span<const size_t> lines,
                        const std::function<std::string(float)>& label_text, const std::string& source,
                        const std::string& column);

struct GroupSplit {
  std::vector<size_t> train;       // group ids, ascending
  std::vector<size_t> validation;  // round(S · val_frac) group ids drawn at random, ascending
};

// Draws the validation groups with Rng(seed): files are often sorted by class, so the last groups would
// be a poor sample. Throws lstmkit::UsageError("`val_frac`") unless 0 ≤ val_frac < 1 and both parts are
// non-empty (validation may be empty only when val_frac is 0).
GroupSplit split_groups(size_t groups, double val_frac, uint64_t seed);

// Batches of at most `batch` ids of one length each, lengths[id] giving an id's length: the ids bucketed
// by length (shortest first), each bucket cut in the order the ids are given. Throws
// lstmkit::UsageError("`batch`") for batch 0.
std::vector<std::vector<size_t>> length_batches(std::span<const size_t> ids, std::span<const size_t> lengths,
                                                size_t batch);
// [S] every group's length.
std::vector<size_t> group_lengths(const Groups& groups);

// Gathers groups `ids` of `series`, all of one length T, into a time-major batch: inputs [T, N, F] from
// the feature columns, targets [N, 1] the label (first target column) of each group's last row. Throws
// lstmkit::Error when `ids` is empty, an id is out of range or the lengths differ.
RegressionBatch group_batch(const Series& series, const Groups& groups, std::span<const size_t> ids);

}  // namespace lstmkit::data
