#include "support/reference_attention.h"

#include <algorithm>
#include <cmath>

namespace lstmkit::testing {

std::vector<double> reference_attention(const RefAttentionShape& c, const RefTensors& tensor, int rows,
                                        const double* h, const std::vector<double>& mem,
                                        std::vector<double>* align) {
  const int H = c.H, M = c.M, S = c.S, N = c.N;
  const bool luong = c.kind == nn::AttentionKind::luong;
  std::vector<double> out(static_cast<size_t>(rows) * H);
  if (align) align->assign(static_cast<size_t>(rows) * S, 0.0);
  for (int r = 0; r < rows; ++r) {
    const int n = r % N, len = c.lengths[n];
    const double* ht = h + static_cast<size_t>(r) * H;
    auto hs = [&](int s) { return &mem[(static_cast<size_t>(s) * N + n) * M]; };
    std::vector<double> score(len);
    for (int s = 0; s < len; ++s) {
      double sc = 0.0;
      if (luong) {
        const double* W = tensor("linear_in.weight");  // [M, H]
        for (int i = 0; i < M; ++i) {
          double q = 0.0;
          for (int j = 0; j < H; ++j) q += W[i * H + j] * ht[j];
          sc += q * hs(s)[i];
        }
      } else {
        const double *Wq = tensor("linear_query.weight"), *bq = tensor("linear_query.bias"),
                     *Wk = tensor("linear_context.weight"), *v = tensor("v.weight");
        for (int i = 0; i < H; ++i) {
          double pre = bq[i];
          for (int j = 0; j < H; ++j) pre += Wq[i * H + j] * ht[j];
          for (int j = 0; j < M; ++j) pre += Wk[i * M + j] * hs(s)[j];
          sc += v[i] * std::tanh(pre);
        }
      }
      score[s] = sc;
    }
    const double top = *std::max_element(score.begin(), score.end());
    double sum = 0.0;
    for (double& v : score) sum += v = std::exp(v - top);
    std::vector<double> ctx(M, 0.0);
    for (int s = 0; s < len; ++s) {
      score[s] /= sum;
      if (align) (*align)[static_cast<size_t>(r) * S + s] = score[s];
      for (int i = 0; i < M; ++i) ctx[i] += score[s] * hs(s)[i];
    }
    const double* Wc = tensor("linear_out.weight");  // [H, M + H]
    for (int i = 0; i < H; ++i) {
      double z = luong ? 0.0 : tensor("linear_out.bias")[i];
      for (int j = 0; j < M; ++j) z += Wc[i * (M + H) + j] * ctx[j];
      for (int j = 0; j < H; ++j) z += Wc[i * (M + H) + M + j] * ht[j];
      out[static_cast<size_t>(r) * H + i] = luong ? std::tanh(z) : z;
    }
  }
  return out;
}

}  // namespace lstmkit::testing
