#pragma once
// A naive GlobalAttention forward in double precision, written from OpenNMT-py's equations with plain
// loops (see include/lstmkit/nn/attention.h); tests take its gradients by central finite differences.
#include <functional>
#include <string>
#include <vector>

#include "lstmkit/nn/attention.h"

namespace lstmkit::testing {

struct RefAttentionShape {
  nn::AttentionKind kind = nn::AttentionKind::luong;
  int H = 0, M = 0, S = 0, N = 0;
  std::vector<int> lengths;  // [N]
};

// A tensor by its name inside the attention (`linear_out.weight` …), row-major as the layer's.
using RefTensors = std::function<const double*(const std::string&)>;

// out = h̃ [rows, H] for h [rows, H] (row r of batch entry r % N) over memory [S, N, M]; align [rows, S]
// (zeros beyond each length) unless null.
std::vector<double> reference_attention(const RefAttentionShape& c, const RefTensors& tensor, int rows,
                                        const double* h, const std::vector<double>& memory,
                                        std::vector<double>* align = nullptr);

}  // namespace lstmkit::testing
