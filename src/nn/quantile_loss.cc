#include "lstmkit/nn/quantile_loss.h"

#include <cmath>
#include <cstdio>
#include <cstddef>

#include "lstmkit/error.h"

namespace lstmkit::nn {

double quantile_loss(int rows, int Q, int O, const float* y, const float* t, const double* taus, float* dy) {
  if (rows < 0 || Q <= 0 || O <= 0)
    throw Error("quantile_loss", "bad shape [" + std::to_string(rows) + ", " + std::to_string(Q) + ", " +
                                     std::to_string(O) + "]",
                "pass rows >= 0, at least one quantile and one target");
  if (rows == 0) return 0.0;
  const double scale = 1.0 / (static_cast<double>(rows) * O);
  double total = 0.0;
  for (int r = 0; r < rows; ++r)
    for (int q = 0; q < Q; ++q) {
      const double tau = taus[q];
      const size_t row = (static_cast<size_t>(r) * Q + q) * O;
      for (int o = 0; o < O; ++o) {
        const double u = static_cast<double>(t[static_cast<size_t>(r) * O + o]) - y[row + o];
        total += u > 0 ? tau * u : (tau - 1) * u;
        if (dy) dy[row + o] = static_cast<float>((u > 0 ? -tau : u < 0 ? 1 - tau : 0.5 - tau) * scale);
      }
    }
  return total * scale;
}

std::optional<std::string> quantile_problem(std::span<const double> quantiles) {
  if (quantiles.empty()) return "no quantiles";
  for (size_t q = 0; q < quantiles.size(); ++q) {
    char value[32];
    std::snprintf(value, sizeof value, "%g", quantiles[q]);
    if (!(quantiles[q] > 0 && quantiles[q] < 1)) return std::string(value) + " is not between 0 and 1 (exclusive)";
    if (q > 0 && quantiles[q] == quantiles[q - 1]) return std::string(value) + " is given twice";
    if (q > 0 && quantiles[q] < quantiles[q - 1]) return std::string(value) + " comes after a larger quantile";
  }
  return std::nullopt;
}

}  // namespace lstmkit::nn
