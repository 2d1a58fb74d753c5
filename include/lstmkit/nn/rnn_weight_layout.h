#pragma once
// PyTorch ↔ oneDNN conversion of one layer's recurrent tensors: the only place that knows the gate
// orders and how PyTorch's two bias vectors map onto oneDNN's single bias.
//
//   PyTorch weight [G·H, C] row-major          oneDNN weights {1, 1, C, G, H} tagged ldgoi = [G, H, C]
//   (C = I_k for weight_ih, H for weight_hh)   (the same bytes, up to the order of the H-row blocks)
//
//            PyTorch row blocks                oneDNN gate blocks
//   LSTM     i | f | g | o           ==        i | f | c~ | o
//   GRU      r | z | n               ─╳─►      u | r  | o        u = z, o = n: first two blocks swap
//   RNN      h                       ==        h
//
//   oneDNN bias {1, 1, Gb, H} tagged ldgo:
//   LSTM     [b_ii+b_hi | b_if+b_hf | b_ig+b_hg | b_io+b_ho]                        Gb = 4
//   RNN      [b_ih + b_hh]                                                          Gb = 1
//   GRU      [b_iz+b_hz | b_ir+b_hr | b_in | b_hn]   lbr_gru's u, r, o, u'           Gb = 4
//     lbr_gru: o = tanh(W_o x + B_o + r ∘ (U_o h + B_u')) is PyTorch's
//              n = tanh(W_in x + b_in + r ∘ (W_hn h + b_hn)), so B_o = b_in and B_u' = b_hn.
//
// Gradients go back the same way: a summed bias row's gradient is added to both b_ih and b_hh; GRU's
// o row only to b_in and its u' row only to b_hn.
#include "lstmkit/nn/cell_kind.h"

namespace lstmkit::nn {

// Gb: rows of oneDNN's bias (4 for GRU, whose linear-before-reset variant has the extra u' row).
int onednn_bias_rows(CellKind cell);

// The PyTorch gate block stored at oneDNN gate `gate` (the mapping is its own inverse).
int torch_gate_of(CellKind cell, int gate);

// torch [G·H, C] → onednn [G, H, ld] (ld ≥ C; 0 means C): each row's first C values. A padded row's
// last ld - C values are not written (the caller keeps them zero).
void weights_to_onednn(CellKind cell, int H, int C, const float* torch, float* onednn, int ld = 0);

// b_ih, b_hh [G·H] → onednn [Gb, H].
void bias_to_onednn(CellKind cell, int H, const float* b_ih, const float* b_hh, float* onednn);

// torch_grad [G·H, C] += onednn [G, H, ld] (ld ≥ C; 0 means C): a padded row's extra columns are dropped.
void add_weights_grad_to_torch(CellKind cell, int H, int C, const float* onednn, float* torch_grad, int ld = 0);

// grad_b_ih, grad_b_hh [G·H] += their shares of onednn [Gb, H].
void add_bias_grad_to_torch(CellKind cell, int H, const float* onednn, float* grad_b_ih,
                            float* grad_b_hh);

}  // namespace lstmkit::nn
