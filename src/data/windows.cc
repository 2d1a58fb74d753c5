#include "lstmkit/data/windows.h"

#include <cmath>

#include "lstmkit/error.h"

namespace lstmkit::data {

namespace {
// Offset from a window's start to its first target row.
size_t first_target_offset(const WindowSpec& spec) {
  return spec.return_sequences ? spec.horizon : spec.length - 1 + spec.horizon;
}

// Rows a window touches: s .. s+T−1+H+S−1.
size_t span_of(const WindowSpec& spec) { return spec.length + spec.horizon + spec.steps - 1; }

std::string describe(const WindowSpec& spec, const std::string& length_option) {
  return std::to_string(span_of(spec)) + " rows (" + length_option + " " + std::to_string(spec.length) +
         " + horizon " + std::to_string(spec.horizon) +
         (spec.steps > 1 ? " + " + std::to_string(spec.steps - 1) + " more output steps" : "") + ")";
}
}  // namespace

size_t split_boundary(size_t rows, double val_frac) {
  return rows - static_cast<size_t>(std::llround(static_cast<double>(rows) * val_frac));
}

WindowSplit split_windows(size_t rows, const WindowSpec& spec, double val_frac,
                          const std::string& length_option, size_t skipped) {
  if (spec.length == 0) throw UsageError(length_option, "window length 0", "use a window of at least 1 step");
  if (!(val_frac >= 0.0 && val_frac < 1.0))
    throw UsageError("`val_frac`", "validation fraction " + std::to_string(val_frac) + " is not in [0, 1)",
                     "use e.g. `val_frac` 0.2");
  WindowSplit split;
  const size_t full = split_boundary(skipped + rows, val_frac);
  split.boundary = full > skipped ? full - skipped : 0;
  const size_t b = split.boundary;
  const size_t span = span_of(spec);
  // Training: the last row touched, s + span − 1, stays below b.
  for (size_t s = 0; s + span <= b; ++s) split.train.push_back(s);
  if (split.train.empty())
    throw UsageError(
        length_option,
        "the training part has " + std::to_string(b) + " rows but a window needs " + describe(spec, length_option),
        "use a shorter " + length_option + ", a smaller `val_frac` or a longer series");
  // Validation: the first target row is at least b and the last row touched exists.
  const size_t offset = first_target_offset(spec);
  for (size_t s = b > offset ? b - offset : 0; s + span <= rows; ++s) split.validation.push_back(s);
  if (val_frac > 0.0 && split.validation.empty())
    throw UsageError("`val_frac`",
                     "the validation part has " + std::to_string(rows - b) + " rows: no window of " +
                         describe(spec, length_option) + " has its targets there",
                     "use a larger `val_frac` or a shorter " + length_option);
  return split;
}

std::vector<size_t> target_rows(const WindowSpec& spec, size_t start) {
  std::vector<size_t> rows;
  for (size_t r = start + first_target_offset(spec); r < start + span_of(spec); ++r)
    rows.push_back(r);
  return rows;
}

std::vector<float> window_inputs(const Series& series, size_t length, std::span<const size_t> starts) {
  if (starts.empty()) throw Error("window batch", "no windows requested");
  const size_t T = length, N = starts.size(), F = series.features.size();
  std::vector<float> inputs(T * N * F);  // [T, N, F]
  for (size_t n = 0; n < N; ++n) {
    const size_t s = starts[n];
    if (s + T > series.rows())
      throw Error("window batch", "window at row " + std::to_string(s) + " needs " + std::to_string(T) +
                                      " input rows but the series has " + std::to_string(series.rows()));
    for (size_t t = 0; t < T; ++t)
      for (size_t f = 0; f < F; ++f) inputs[(t * N + n) * F + f] = series.columns[series.features[f]][s + t];
  }
  return inputs;
}

RegressionBatch window_batch(const Series& series, const WindowSpec& spec, std::span<const size_t> starts) {
  if (starts.empty()) throw Error("window batch", "no windows requested");
  RegressionBatch b;
  b.steps = spec.length;
  b.batch = starts.size();
  b.features = series.features.size();
  const size_t S = spec.return_sequences ? 1 : spec.steps;
  b.outputs = series.targets.size() * S;
  b.per_step_targets = spec.return_sequences;
  const size_t T = b.steps, N = b.batch, O = series.targets.size(), H = spec.horizon;
  b.targets.resize((b.per_step_targets ? T : 1) * N * O * S);
  for (size_t n = 0; n < N; ++n) {
    const size_t s = starts[n];
    if (s + span_of(spec) > series.rows())
      throw Error("window batch", "window at row " + std::to_string(s) + " needs " + describe(spec, "window") +
                                      " but the series has " + std::to_string(series.rows()));
    if (b.per_step_targets) {
      for (size_t t = 0; t < T; ++t)
        for (size_t o = 0; o < O; ++o)
          b.targets[(t * N + n) * O + o] = series.columns[series.targets[o]][s + t + H];
    } else {
      for (size_t k = 0; k < S; ++k)
        for (size_t o = 0; o < O; ++o)
          b.targets[(n * S + k) * O + o] = series.columns[series.targets[o]][s + T - 1 + H + k];
    }
  }
  b.inputs = window_inputs(series, T, starts);
  return b;
}

}  // namespace lstmkit::data
