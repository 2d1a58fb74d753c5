#pragma once
// Every oneDNN memory descriptor of the recurrent stack, derived from one struct so that no dimension
// is written twice. One primitive per layer: layer k reads [T, N, I_k] and writes [T, N, D·H], D = 2
// for a bidirectional stack (oneDNN's bidirectional_concat: left-to-right outputs, then right-to-left).
#include <cstddef>

#include <oneapi/dnnl/dnnl.hpp>

#include "lstmkit/nn/cell_kind.h"
#include "lstmkit/nn/precision.h"
#include "lstmkit/nn/rnn_weight_layout.h"

namespace lstmkit::nn {

struct RnnShape {
  CellKind cell = CellKind::lstm;
  int I = 0, H = 0, L = 1;  // widths and layers: fixed by the layer's config
  int input_block = 1;      // layer 0 reads I rounded up to a multiple of this (zero columns)
  int D = 1;                // directions: 1, or 2 when bidirectional
  int T = 0, N = 0;         // time steps and batch: vary per call (weights do not depend on them)
  Precision precision = Precision::f32;

  using md = dnnl::memory::desc;
  using tag = dnnl::memory::format_tag;
  static constexpr auto f32 = dnnl::memory::data_type::f32;

  int G() const { return gate_count(cell); }
  int output() const { return D * H; }                             // a layer's output width
  int input(int layer) const { return layer == 0 ? I : output(); }  // I_k
  // I_k as the primitives see it: the true width, or layer 0's padded to input_block.
  int padded_input(int layer) const {
    return layer == 0 ? (I + input_block - 1) / input_block * input_block : output();
  }
  bool has_cell_state() const { return cell == CellKind::lstm; }

  // What the primitives read and write: src/dst layer, h, and weights. bf16 or f32; everything else
  // (bias, the LSTM cell state c, every diff) is f32, as oneDNN 2.6.3 requires for bf16 training.
  dnnl::memory::data_type data_type() const {
    return precision == Precision::bf16 ? dnnl::memory::data_type::bf16 : f32;
  }
  size_t data_bytes() const { return precision == Precision::bf16 ? 2 : 4; }

  // [T, N, width]: src_layer (width I_k) and dst_layer (width H), and their f32 diffs.
  md sequence(int width) const { return md({T, N, width}, data_type(), tag::tnc); }
  md diff_sequence(int width) const { return md({T, N, width}, f32, tag::tnc); }
  // One layer's h: {1 layer, D directions, N, H}, and its f32 diff.
  md state() const { return md({1, D, N, H}, data_type(), tag::ldnc); }
  md diff_state() const { return md({1, D, N, H}, f32, tag::ldnc); }
  // The cell state c (f32, and so is its diff) when this cell has one, else the zero descriptor oneDNN
  // reads as "not used".
  md cell_state() const { return has_cell_state() ? md({1, D, N, H}, f32, tag::ldnc) : md(); }

  // Weights {1, D, C, G, H}: `any` lets the primitive choose (and pack); ldgoi is the PyTorch bytes,
  // one [G, H, C] block per direction, always f32 (the staging every copy is reordered, and converted,
  // from).
  md weights_any(int C) const { return md({1, D, C, G(), H}, data_type(), tag::any); }
  md diff_weights_any(int C) const { return md({1, D, C, G(), H}, f32, tag::any); }
  md weights_plain(int C) const { return md({1, D, C, G(), H}, f32, tag::ldgoi); }
  md bias() const { return md({1, D, onednn_bias_rows(cell), H}, f32, tag::ldgo); }
};

}  // namespace lstmkit::nn
