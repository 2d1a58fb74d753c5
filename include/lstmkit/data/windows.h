#pragma once
// Sliding windows over a Series and their chronological train/validation split.
//
// A window is named by its start row s: inputs are rows s .. s+T−1 (the window "ends at" t = s+T−1).
//   n-to-1:           one target, row t + H; with S output steps, the S rows t+H .. t+H+S−1
//   return_sequences: a target per step, row s+k+H for input step k (the value H steps after each input)
// so the last row a window touches is t + H + S − 1 (S = 1 for return_sequences).
//
// Split at row b = R − round(R · val_frac): rows [0, b) are the training part, [b, R) the validation
// part. A training window touches only rows < b (inputs and targets). A validation window has all its
// targets at rows ≥ b; its inputs may reach back into the training part, which leaks nothing into
// training — they are the history a forecaster would have.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "lstmkit/data/regression_batch.h"
#include "lstmkit/data/series.h"

namespace lstmkit::data {

struct WindowSpec {
  size_t length = 80;             // T, input steps per window
  size_t horizon = 1;             // H ≥ 0: predict the value H steps after the input step
  bool return_sequences = false;  // n-to-n instead of n-to-1
  size_t steps = 1;               // S ≥ 1 consecutive targets of an n-to-1 window (a direct multi-step head)
};

struct WindowSplit {
  size_t boundary = 0;             // b: first validation row
  std::vector<size_t> train;       // window starts, ascending
  std::vector<size_t> validation;  // window starts, ascending; empty when val_frac is 0
};

// Rows in the training part, b = R − round(R · val_frac).
size_t split_boundary(size_t rows, double val_frac);

// Every window of `spec` over R rows, split as described above. `skipped`: rows the series lost at its
// front (differencing) — the boundary stays the full series', b = split_boundary(skipped + R) − skipped,
// so that a transformed series is split where its data is. Throws lstmkit::UsageError on
// `length_option` (the command's name for T: train-lm's "`seq_len`", train-ts's "`window`") for T = 0 or
// when no training window fits, on "`val_frac`" when val_frac is outside [0, 1) or a positive val_frac
// leaves no validation window.
WindowSplit split_windows(size_t rows, const WindowSpec& spec, double val_frac,
                          const std::string& length_option = "`seq_len`", size_t skipped = 0);

// The rows holding a window's targets: [s+T−1+H] for n-to-1, [s+H, ..., s+T−1+H] for n-to-n.
std::vector<size_t> target_rows(const WindowSpec& spec, size_t start);

// Inputs only, [T, N, F], for windows that need no target row: forecasting past the end of the data,
// where the last window starts at R − T. Throws lstmkit::Error when a window runs past the last row or
// `starts` is empty.
std::vector<float> window_inputs(const Series& series, size_t length, std::span<const size_t> starts);

// Gathers windows `starts` of `series` (its feature and target columns) into a time-major batch:
// inputs [T, N, F], targets [N, S·O] (step-major within a window: [N, S, O]) or [T, N, O]. Throws lstmkit::Error when a window runs past the
// last row or `starts` is empty.
RegressionBatch window_batch(const Series& series, const WindowSpec& spec, std::span<const size_t> starts);

}  // namespace lstmkit::data
