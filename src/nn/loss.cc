#include "lstmkit/nn/loss.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "lstmkit/error.h"

namespace lstmkit::nn {
namespace {

struct RowNorm {
  float max;       // the row's largest logit
  double log_sum;  // log Σ exp(x − max); log-sum-exp = max + log_sum
};

// Softmax of one row [V] written into out (which may be x). exp runs in float on arguments <= 0, so it
// never overflows; the sum and its log run in double.
RowNorm softmax_row(int V, const float* x, float* out) {
  const float max = *std::max_element(x, x + V);
  double sum = 0.0;
  for (int v = 0; v < V; ++v) {
    out[v] = std::exp(x[v] - max);
    sum += out[v];
  }
  const float inv = static_cast<float>(1.0 / sum);
  for (int v = 0; v < V; ++v) out[v] *= inv;
  return {max, std::log(sum)};
}

// softmax_row's normaliser alone, writing nothing (the same float exps, summed in double).
RowNorm row_norm(int V, const float* x) {
  const float max = *std::max_element(x, x + V);
  double sum = 0.0;
  for (int v = 0; v < V; ++v) sum += std::exp(x[v] - max);
  return {max, std::log(sum)};
}

void check_sizes(const char* where, int rows, int cols) {
  if (rows < 0 || cols <= 0)
    throw Error(where, "bad shape [" + std::to_string(rows) + ", " + std::to_string(cols) + "]",
                "pass rows >= 0 and a positive width");
}

}  // namespace

CrossEntropy softmax_cross_entropy(int rows, int V, const float* logits, const int32_t* targets,
                                   float* dlogits, int32_t ignore_index, float label_smoothing) {
  check_sizes("softmax_cross_entropy", rows, V);
  if (!(label_smoothing >= 0.0f && label_smoothing < 1.0f))
    throw Error("softmax_cross_entropy", "label smoothing " + std::to_string(label_smoothing) + " is outside [0, 1)",
                "use 0 for none, e.g. 0.1 to smooth");
  const float eps = label_smoothing;
  const float spread = eps / static_cast<float>(V);  // ε/V: every class's share of the smoothing mass
  CrossEntropy result;
  for (int r = 0; r < rows; ++r) {
    if (targets[r] == ignore_index) continue;
    if (targets[r] < 0 || targets[r] >= V)
      throw Error("softmax_cross_entropy",
                  "target " + std::to_string(targets[r]) + " in row " + std::to_string(r) +
                      " is outside [0, " + std::to_string(V) + ")",
                  "targets must be vocabulary ids; check the vocabulary and the batcher");
    ++result.count;
  }
  // Two passes so that the gradient can be scaled by 1/count as it is written.
  const float scale = result.count > 0 ? 1.0f / static_cast<float>(result.count) : 0.0f;
  std::vector<float> probs(V);  // [V] one row's softmax when no gradient buffer is given
  double total = 0.0;
  for (int r = 0; r < rows; ++r) {
    const float* x = logits + static_cast<size_t>(r) * V;
    float* d = dlogits ? dlogits + static_cast<size_t>(r) * V : nullptr;
    if (targets[r] == ignore_index) {
      if (d) std::fill(d, d + V, 0.0f);
      continue;
    }
    float* p = d ? d : probs.data();
    const RowNorm norm = softmax_row(V, x, p);
    const double lse = static_cast<double>(norm.max) + norm.log_sum;
    if (eps == 0.0f) {
      total += lse - static_cast<double>(x[targets[r]]);
    } else {
      // −Σ q_v (x_v − lse) = lse − (1 − ε) x_target − (ε/V) Σ x_v, since Σ q_v = 1.
      double sum_x = 0.0;
      for (int v = 0; v < V; ++v) sum_x += x[v];
      total += lse - (1.0 - eps) * static_cast<double>(x[targets[r]]) - static_cast<double>(eps) / V * sum_x;
    }
    if (d) {
      if (eps == 0.0f) {
        d[targets[r]] -= 1.0f;
      } else {
        for (int v = 0; v < V; ++v) d[v] -= spread;
        d[targets[r]] -= 1.0f - eps;
      }
      for (int v = 0; v < V; ++v) d[v] *= scale;
    }
  }
  result.loss = result.count > 0 ? total / static_cast<double>(result.count) : 0.0;
  return result;
}

double mean_squared_error(int rows, int O, const float* y, const float* t, float* dy) {
  check_sizes("mean_squared_error", rows, O);
  const size_t n = static_cast<size_t>(rows) * O;
  if (n == 0) return 0.0;
  const float scale = static_cast<float>(2.0 / static_cast<double>(n));
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const float diff = y[i] - t[i];
    sum += static_cast<double>(diff) * diff;
    if (dy) dy[i] = scale * diff;
  }
  return sum / static_cast<double>(n);
}

void softmax(int rows, int V, const float* in, float* out) {
  check_sizes("softmax", rows, V);
  for (int r = 0; r < rows; ++r) {
    const size_t row = static_cast<size_t>(r) * V;
    softmax_row(V, in + row, out + row);
  }
}

void log_softmax(int rows, int V, const float* in, float* out) {
  check_sizes("log_softmax", rows, V);
  for (int r = 0; r < rows; ++r) {
    const float* x = in + static_cast<size_t>(r) * V;
    const RowNorm norm = row_norm(V, x);
    const float log_sum = static_cast<float>(norm.log_sum);
    float* o = out + static_cast<size_t>(r) * V;
    // (x − max) first: at logits ~1e4 subtracting a rounded log-sum-exp would lose the small terms.
    for (int v = 0; v < V; ++v) o[v] = (x[v] - norm.max) - log_sum;
  }
}

}  // namespace lstmkit::nn
