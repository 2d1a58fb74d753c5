#pragma once
// A naive, obviously-correct recurrent stack in double precision: loops over time, batch and gates,
// written straight from PyTorch's documented equations. The oneDNN layer is tested against it, and it
// is itself checked against finite differences.
#include <vector>

#include "lstmkit/nn/cell_kind.h"

namespace lstmkit::testing {

struct RefLayerWeights {
  std::vector<double> w_ih;  // [G·H, I_k]
  std::vector<double> w_hh;  // [G·H, H]
  std::vector<double> b_ih;  // [G·H]
  std::vector<double> b_hh;  // [G·H]
};

struct RefShape {
  nn::CellKind cell = nn::CellKind::lstm;
  int T = 0, N = 0, I = 0, H = 0, L = 1;
};

struct RefForward {
  std::vector<double> y;        // [T, N, H] last layer's outputs
  std::vector<double> h_final;  // [L, N, H]
  std::vector<double> c_final;  // [L, N, H] (LSTM; empty otherwise)
};

struct RefGradients {
  std::vector<double> dx;                 // [T, N, I]
  std::vector<RefLayerWeights> dweights;  // per layer, same shapes as the weights
  std::vector<double> dh0;                // [L, N, H]
  std::vector<double> dc0;                // [L, N, H] (LSTM; empty otherwise)
};

// x [T, N, I]; h0, c0 [L, N, H] (c0 ignored/empty unless LSTM). No dropout.
RefForward reference_forward(const RefShape& s, const std::vector<RefLayerWeights>& w,
                             const std::vector<double>& x, const std::vector<double>& h0,
                             const std::vector<double>& c0);

// Backpropagation through time of the loss L = <dy, y> + <dh_final, h_final> + <dc_final, c_final>.
// dh_final / dc_final may be empty (zero).
RefGradients reference_backward(const RefShape& s, const std::vector<RefLayerWeights>& w,
                                const std::vector<double>& x, const std::vector<double>& h0,
                                const std::vector<double>& c0, const std::vector<double>& dy,
                                const std::vector<double>& dh_final,
                                const std::vector<double>& dc_final);

}  // namespace lstmkit::testing
