#include "lstmkit/nn/init.h"

#include <cmath>
#include <vector>

#include "lstmkit/error.h"

namespace lstmkit::nn {

InitScheme parse_init(const std::string& name, const std::string& option) {
  if (name == "keras") return InitScheme::keras;
  if (name == "torch") return InitScheme::torch;
  throw UsageError(option, "unknown initialisation '" + name + "'", "use keras or torch");
}

std::string init_name(InitScheme scheme) { return scheme == InitScheme::keras ? "keras" : "torch"; }

void init_glorot_uniform(float* w, int rows, int cols, Rng& rng) {
  const float limit = std::sqrt(6.0f / static_cast<float>(rows + cols));
  init_uniform(w, static_cast<size_t>(rows) * cols, limit, rng);
}

void init_uniform(float* w, size_t n, float limit, Rng& rng) {
  for (size_t i = 0; i < n; ++i) w[i] = rng.uniform(-limit, limit);
}

void init_orthogonal(float* w, int rows, int cols, Rng& rng) {
  // Orthonormalise the vectors along the longer side: with rows >= cols the columns become orthonormal
  // (Householder-free modified Gram-Schmidt in double, equivalent to QR with R's diagonal made positive).
  const bool by_columns = rows >= cols;
  const int count = by_columns ? cols : rows;  // vectors to orthonormalise
  const int length = by_columns ? rows : cols;
  std::vector<double> v(static_cast<size_t>(count) * length);
  for (auto& x : v) x = rng.normal();
  for (int i = 0; i < count; ++i) {
    double* vi = &v[static_cast<size_t>(i) * length];
    for (int j = 0; j < i; ++j) {
      const double* vj = &v[static_cast<size_t>(j) * length];
      double dot = 0;
      for (int k = 0; k < length; ++k) dot += vi[k] * vj[k];
      for (int k = 0; k < length; ++k) vi[k] -= dot * vj[k];
    }
    double norm = 0;
    for (int k = 0; k < length; ++k) norm += vi[k] * vi[k];
    norm = std::sqrt(norm);
    if (norm < 1e-12) throw Error("init_orthogonal", "degenerate random matrix", "use another `seed`");
    for (int k = 0; k < length; ++k) vi[k] /= norm;
  }
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      w[static_cast<size_t>(r) * cols + c] = static_cast<float>(
          by_columns ? v[static_cast<size_t>(c) * length + r] : v[static_cast<size_t>(r) * length + c]);
}

}  // namespace lstmkit::nn
