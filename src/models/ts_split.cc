#include "lstmkit/models/ts_split.h"

#include "lstmkit/data/series_runs.h"
#include "lstmkit/data/windows.h"

namespace lstmkit::models {

TsSplit split_ts(const TsData& d, const TsSpec& spec) {
  TsSplit split;
  if (d.groups) {
    data::GroupSplit groups = data::split_groups(model_groups(d, spec).size(), spec.val_frac, spec.split_seed);
    split.train = std::move(groups.train);
    split.validation = std::move(groups.validation);
  } else if (d.sequences) {
    data::SequenceSplit sequences = data::split_sequences(d.sequences->sequences, spec.val_frac);
    split.train = std::move(sequences.train);
    split.validation = std::move(sequences.validation);
    split.boundary = split.train.size();
  } else if (!d.runs.empty()) {
    data::WindowSplit windows = data::split_run_windows(d.runs, spec.window, spec.val_frac);
    split.train = std::move(windows.train);
    split.validation = std::move(windows.validation);
    // Each run as split_windows splits a series alone.
    for (const data::SeriesRun& run : d.runs)
      split.training_rows.push_back(
          data::split_windows(run.rows, spec.window, spec.val_frac, "`window`", run.skipped).boundary);
  } else {
    data::WindowSplit windows = data::split_windows(d.series->rows(), spec.window, spec.val_frac, "`window`", d.first_row);
    split.train = std::move(windows.train);
    split.validation = std::move(windows.validation);
    split.boundary = windows.boundary;
    split.training_rows = {windows.boundary};
  }
  return split;
}

}  // namespace lstmkit::models
