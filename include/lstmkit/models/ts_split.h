#pragma once
// The one split of a time-series model's data into its training and validation parts. split_ts is its
// only computation: the training task's examples, the default batch, the rows the scaler and the target
// transform are fitted on, and forecast's parts of the model's own data all read it, so the split rule
// changes in one place or not at all.
#include <cstddef>
#include <vector>

#include "lstmkit/models/ts_data.h"
#include "lstmkit/models/ts_spec.h"

namespace lstmkit::models {

struct TsSplit {
  // The examples: window starts (rows of the data), sequence ids or group ids, ascending. A series'
  // training windows touch no validation row; several series are split each at its own tail, no window
  // spanning two; sequences by their order; groups drawn at random with spec.split_seed.
  std::vector<size_t> train;
  std::vector<size_t> validation;
  // One series: its first validation row, in the data's rows (rows a transform dropped at the front are
  // not counted, yet the boundary stays where it is in the data as read). Sequences: the first
  // validation sequence. Groups and several series: 0, as none is one boundary.
  size_t boundary = 0;
  // The rows before each series' validation part, in its own rows as above: one entry for one series,
  // one per run for several; empty for sequences and groups (their training rows are whole examples').
  std::vector<size_t> training_rows;
};

// The split of `data` (as read, transformed or in model units: its rows are the data's) for a model of
// `spec`. Throws lstmkit::UsageError on "`window`" when the training part holds no window, on
// "`val_frac`" when it is outside [0, 1) or a positive one leaves no validation window (several series:
// the message names the series), and lstmkit::Error for grouped data without groups.
TsSplit split_ts(const TsData& data, const TsSpec& spec);

}  // namespace lstmkit::models
