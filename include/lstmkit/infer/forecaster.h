#pragma once
// Forecasting with a trained time-series model. Inputs are in model units (models::to_model_units);
// every result is in data units (the model's scaler inverted), or a classifier's class ids (names from
// TsSpec::class_name). A model with a target transform predicts transformed values of the transformed
// series' rows: original_units (one-step) and original_continuation (closed loop) bring them back to
// the data's rows and units.
//   one-step:    window s (rows s .. s+T−1) predicts row s+T−1+H from true inputs only, for every
//                window of the series, many windows per forward pass.
//   closed loop: from the last T rows, predict the next row, append the prediction as if it were data,
//                slide the window by one and repeat — the model's own outputs become its inputs. A
//                multi-step head (S output steps) predicts S rows at once, directly, and slides by S;
//                its one-step forecast is its first step. Calendar features of the new rows are computed,
//                not predicted; a quantile head's median is what is fed back, or, in sample paths
//                (closed_loop_paths, sample_paths.h), a draw from its predicted distribution.
//   sequences:   one prediction per sequence (n-to-1) or per step (n-to-n) of a sequence dataset.
//   groups:      class probabilities per group of rows, each group read as one sequence of its own
//                length (batches of equal lengths: no padding).
// `between_batches` / `between_steps`, when given, run after each forward pass: a cancellable caller
// (jobs::stop_if_interrupted) throws there.
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "lstmkit/data/groups.h"
#include "lstmkit/data/sequence_dataset.h"
#include "lstmkit/data/series.h"
#include "lstmkit/models/regressor.h"

namespace lstmkit::infer {

struct SeriesForecast {
  std::vector<size_t> rows;   // [P] predicted rows, ascending
  std::vector<float> values;  // [P, O] data units; a classifier: [P] predicted class ids
  // A quantile head's (TsSpec::quantiles), data units; empty otherwise. `values` is then its median
  // quantile (TsSpec::median_quantile).
  std::vector<float> quantiles;  // [P, Q, O]
};

// Every window of the series, `batch` windows per forward pass (n-to-n models: the last step's output).
// Throws lstmkit::Error when the series has fewer than T + H rows or lacks the model's columns.
SeriesForecast one_step_forecast(models::Regressor& model, const data::Series& series, size_t batch = 512,
                                 const std::function<void()>& between_batches = {});

// `steps` rows past the end of the series (rows R .. R+steps−1, R = series.rows()), in data units. Every
// feature of the model must be one of its targets, fed back, or a column of `known` (model units, at least
// steps + S rows: the calendar covariates of the rows after the data, models::known_future); a quantile
// head feeds back its median. Needs a regressor with horizon 1; otherwise throws lstmkit::UsageError on
// "`steps`" saying why. Throws lstmkit::Error when the series is shorter than the window or `known` is.
SeriesForecast closed_loop(models::Regressor& model, const data::Series& series, size_t steps,
                           const data::Series& known = {}, const std::function<void()>& between_steps = {});
// closed_loop's values [steps, O] alone.
std::vector<float> closed_loop_forecast(models::Regressor& model, const data::Series& series, size_t steps);

// N closed loops of a quantile head at once, one forward pass of batch N per step (or chunk of S rows),
// path n feeding back draws from its own predicted quantiles (infer::inverse_cdf, sample_paths.h) at
// `uniforms` [C, N, O], C = ⌈steps / S⌉: one draw per chunk and target, shared by the chunk's S rows —
// a multi-step head's quantiles are marginal, and moving along one level keeps a path as smooth as real
// paths are where independent levels would zigzag within the chunk. Returns the fed-back values
// [N, steps, O] in the units of `series` with the scaler inverted (original_continuation brings one path
// to the data's). Throws lstmkit::UsageError on "`samples`" for a head without quantiles, and
// closed_loop's errors.
std::vector<float> closed_loop_paths(models::Regressor& model, const data::Series& series, size_t steps, size_t N,
                                     std::span<const float> uniforms, const data::Series& known = {},
                                     const std::function<void()>& between_steps = {});

// One-step predictions made on a series whose first `first_row` rows the transform dropped, back to the
// rows of `raw` (the series as read) and its units: each prediction inverted with the true values before
// its row.
void original_units(const models::Regressor& model, const data::Series& raw, size_t first_row, SeriesForecast& f);

// A closed loop's predictions [steps, O] past the end of `raw` back to its units, each inverted with
// the reconstructed values before it.
std::vector<float> original_continuation(const models::Regressor& model, const data::Series& raw,
                                         std::vector<float> loop);
// The same for a closed_loop result, rows renumbered as rows of `raw`; its quantiles are each inverted
// with the reconstructed median values before them.
void original_loop_units(const models::Regressor& model, const data::Series& raw, SeriesForecast& loop);

// Sequences `ids` of a dataset, `batch` per forward pass: [n, O] for n-to-1, [n, T, O] for n-to-n
// (sequence-major, as the dataset stores its targets); a classifier's are class ids ([n] or [n, T]).
std::vector<float> predict_sequences(models::Regressor& model, const data::SequenceDataset& sequences,
                                     std::span<const size_t> ids, size_t batch = 512);

// Groups `ids` of a grouped series in model units, at most `batch` of one length per forward pass:
// class probabilities [n, C], in the order of `ids`. Throws lstmkit::UsageError on "`batch`" for 0 and
// lstmkit::Error for a model that is not a classifier or a series without the model's columns.
std::vector<float> classify_groups(models::Regressor& model, const data::Series& series,
                                   const data::Groups& groups, std::span<const size_t> ids, size_t batch = 512);

}  // namespace lstmkit::infer
