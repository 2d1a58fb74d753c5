#include "lstmkit/nn/rnn_weight_layout.h"

#include <algorithm>
#include <cstddef>

namespace lstmkit::nn {

namespace {

constexpr int kGruU = 0, kGruR = 1, kGruO = 2, kGruUPrime = 3;  // oneDNN lbr_gru bias rows
constexpr int kTorchR = 0, kTorchZ = 1, kTorchN = 2;              // PyTorch GRU row blocks

size_t block(int gate, int H, int C) { return static_cast<size_t>(gate) * H * C; }

}  // namespace

int onednn_bias_rows(CellKind cell) { return cell == CellKind::gru ? 4 : gate_count(cell); }

int torch_gate_of(CellKind cell, int gate) {
  if (cell != CellKind::gru) return gate;
  if (gate == kGruU) return kTorchZ;
  if (gate == kGruR) return kTorchR;
  return gate;
}

void weights_to_onednn(CellKind cell, int H, int C, const float* torch, float* onednn, int ld) {
  if (ld == 0) ld = C;
  for (int g = 0; g < gate_count(cell); ++g) {
    const float* src = torch + block(torch_gate_of(cell, g), H, C);
    float* dst = onednn + block(g, H, ld);
    for (int h = 0; h < H; ++h) std::copy_n(src + static_cast<size_t>(h) * C, C, dst + static_cast<size_t>(h) * ld);
  }
}

void bias_to_onednn(CellKind cell, int H, const float* b_ih, const float* b_hh, float* onednn) {
  for (int g = 0; g < gate_count(cell); ++g) {
    const size_t t = block(torch_gate_of(cell, g), H, 1);
    float* row = onednn + block(g, H, 1);
    // GRU's o row keeps only b_in: b_hn sits inside the reset gate's product, in the u' row.
    const bool input_only = cell == CellKind::gru && g == kGruO;
    for (int h = 0; h < H; ++h) row[h] = b_ih[t + h] + (input_only ? 0.0f : b_hh[t + h]);
  }
  if (cell == CellKind::gru)
    std::copy(b_hh + block(kTorchN, H, 1), b_hh + block(kTorchN + 1, H, 1), onednn + block(kGruUPrime, H, 1));
}

void add_weights_grad_to_torch(CellKind cell, int H, int C, const float* onednn, float* torch_grad, int ld) {
  if (ld == 0) ld = C;
  for (int g = 0; g < gate_count(cell); ++g) {
    const float* src = onednn + block(g, H, ld);
    float* dst = torch_grad + block(torch_gate_of(cell, g), H, C);
    for (int h = 0; h < H; ++h)
      for (int i = 0; i < C; ++i) dst[static_cast<size_t>(h) * C + i] += src[static_cast<size_t>(h) * ld + i];
  }
}

void add_bias_grad_to_torch(CellKind cell, int H, const float* onednn, float* grad_b_ih,
                            float* grad_b_hh) {
  for (int g = 0; g < gate_count(cell); ++g) {
    const size_t t = block(torch_gate_of(cell, g), H, 1);
    const float* row = onednn + block(g, H, 1);
    const bool input_only = cell == CellKind::gru && g == kGruO;
    for (int h = 0; h < H; ++h) {
      grad_b_ih[t + h] += row[h];
      if (!input_only) grad_b_hh[t + h] += row[h];
    }
  }
  if (cell == CellKind::gru) {
    const float* row = onednn + block(kGruUPrime, H, 1);
    float* dst = grad_b_hh + block(kTorchN, H, 1);
    for (int h = 0; h < H; ++h) dst[h] += row[h];
  }
}

}  // namespace lstmkit::nn
