#pragma once
// Sample paths of a quantile head's closed loop (DeepAR's ancestral sampling, Darts' num_samples): N
// paths run side by side, each drawing its next value from the distribution the head predicts and
// feeding that draw back, so the spread across paths at horizon h holds the uncertainty of every step
// before it. Feeding back the median instead gives every horizon the one-step spread only.
//
// The distribution behind Q predicted quantiles q_1 ≤ … ≤ q_Q at levels τ_1 < … < τ_Q is the inverse
// CDF interpolated linearly between them. Beyond the outermost levels its tails are exponential, with
// the density of the adjacent segment at the edge (no jump):
//   u < τ_1:  q_1 + b_lo · ln(u / τ_1),              b_lo = τ_1 · (q_2 − q_1) / (τ_2 − τ_1)
//   u > τ_Q:  q_Q − b_hi · ln((1 − u) / (1 − τ_Q)),  b_hi = (1 − τ_Q) · (q_Q − q_{Q−1}) / (τ_Q − τ_{Q−1})
// so every draw is finite and the tails are unbounded but light (Laplace-like). One quantile: its value.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "lstmkit/data/series.h"
#include "lstmkit/infer/forecaster.h"
#include "lstmkit/models/regressor.h"

namespace lstmkit::infer {

// The value at probability u ∈ (0, 1) of the distribution above. `values` [Q] is sorted first: a head
// trained with the pinball loss may cross its quantiles, and the draw must stay monotone in u.
float inverse_cdf(std::span<const double> levels, std::span<const float> values, double u);

// [K, N, O] uniform draws in (0, 1) from `seed`, the same on every platform: the top 24 bits of
// mt19937_64's words (a float's precision) and half a cell more, so never 0 or 1.
std::vector<float> path_uniforms(size_t K, size_t N, size_t O, uint64_t seed);

// Empirical quantiles across N paths [N, K, O] at `levels` [Q]: [K, Q, O], each interpolated linearly
// between order statistics (numpy's default). Throws lstmkit::Error for N = 0.
std::vector<float> across_paths(std::span<const float> paths, size_t N, size_t O, std::span<const double> levels);

// closed_loop with `paths` sample paths (≥ 1) seeded by `seed`, in the rows and units of `raw` (the series
// as read; `series` is it in model units, `known` as for closed_loop). Each path is brought back to
// data units on its own (a differenced path accumulates its own draws) before the quantiles across paths
// are taken at the model's levels; `values` is their quantile at the model's median level. Needs a
// quantile head: throws lstmkit::UsageError on "`samples`" otherwise, and closed_loop's errors.
SeriesForecast sampled_closed_loop(models::Regressor& model, const data::Series& series, const data::Series& raw,
                                   size_t steps, size_t paths, uint64_t seed, const data::Series& known = {},
                                   const std::function<void()>& between_steps = {});

}  // namespace lstmkit::infer
