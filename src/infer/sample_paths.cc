#include "lstmkit/infer/sample_paths.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "lstmkit/error.h"

namespace lstmkit::infer {

float inverse_cdf(std::span<const double> levels, std::span<const float> values, double u) {
  const size_t Q = values.size();
  std::vector<double> q(values.begin(), values.end());
  std::sort(q.begin(), q.end());
  if (Q == 1) return static_cast<float>(q[0]);
  if (u < levels[0]) {
    const double b = levels[0] * (q[1] - q[0]) / (levels[1] - levels[0]);
    return static_cast<float>(q[0] + b * std::log(u / levels[0]));
  }
  if (u > levels[Q - 1]) {
    const double b = (1 - levels[Q - 1]) * (q[Q - 1] - q[Q - 2]) / (levels[Q - 1] - levels[Q - 2]);
    return static_cast<float>(q[Q - 1] - b * std::log((1 - u) / (1 - levels[Q - 1])));
  }
  const size_t i = static_cast<size_t>(std::upper_bound(levels.begin(), levels.end() - 1, u) - levels.begin()) - 1;
  const double w = (u - levels[i]) / (levels[i + 1] - levels[i]);
  return static_cast<float>(q[i] + w * (q[i + 1] - q[i]));
}

std::vector<float> path_uniforms(size_t K, size_t N, size_t O, uint64_t seed) {
  std::mt19937_64 bits(seed);
  std::vector<float> u(K * N * O);
  // The midpoints of 2^24 equal cells: exactly representable in float, never 0 or 1.
  for (float& x : u) x = (static_cast<float>(bits() >> 40) + 0.5f) * 0x1p-24f;
  return u;
}

std::vector<float> across_paths(std::span<const float> paths, size_t N, size_t O, std::span<const double> levels) {
  if (N == 0) throw Error("sample paths", "no paths to take quantiles across", "run at least one path");
  const size_t K = paths.size() / (N * O), Q = levels.size();
  std::vector<float> out(K * Q * O), column(N);  // [K, Q, O]
  for (size_t k = 0; k < K; ++k)
    for (size_t o = 0; o < O; ++o) {
      for (size_t n = 0; n < N; ++n) column[n] = paths[(n * K + k) * O + o];
      std::sort(column.begin(), column.end());
      for (size_t q = 0; q < Q; ++q) {
        const double h = static_cast<double>(N - 1) * levels[q];
        const size_t lo = std::min(static_cast<size_t>(h), N - 1), hi = std::min(lo + 1, N - 1);
        out[(k * Q + q) * O + o] = static_cast<float>(column[lo] + (h - static_cast<double>(lo)) * (column[hi] - column[lo]));
      }
    }
  return out;
}

SeriesForecast sampled_closed_loop(models::Regressor& model, const data::Series& series, const data::Series& raw,
                                   size_t steps, size_t paths, uint64_t seed, const data::Series& known,
                                   const std::function<void()>& between_steps) {
  const models::TsSpec& spec = model.spec();
  if (paths == 0) throw UsageError("`samples`", "0 sample paths", "draw at least one path");
  const size_t O = spec.targets.size(), S = model.return_sequences() ? 1 : spec.window.steps;
  const std::vector<float> u = path_uniforms((steps + S - 1) / S, paths, O, seed);
  std::vector<float> p = closed_loop_paths(model, series, steps, paths, u, known, between_steps);  // [N, steps, O]
  const size_t length = steps * O;
  for (size_t n = 0; n < paths; ++n) {
    const auto first = p.begin() + static_cast<std::ptrdiff_t>(n * length);
    const std::vector<float> path = original_continuation(model, raw, std::vector<float>(first, first + static_cast<std::ptrdiff_t>(length)));
    std::copy(path.begin(), path.end(), first);
  }
  SeriesForecast f;
  for (size_t k = 0; k < steps; ++k) f.rows.push_back(raw.rows() + k);
  f.quantiles = across_paths(p, paths, O, spec.quantiles);
  const size_t Q = spec.quantiles.size(), median = spec.median_quantile();
  for (size_t k = 0; k < steps; ++k)
    for (size_t o = 0; o < O; ++o) f.values.push_back(f.quantiles[(k * Q + median) * O + o]);
  return f;
}

}  // namespace lstmkit::infer
