#pragma once
// Every oneDNN memory descriptor of the recurrent stack, derived from one struct so that no dimension
// is written twice. One primitive per layer: layer k reads [T, N, I_k] and writes [T, N, H].
#include <oneapi/dnnl/dnnl.hpp>

#include "lstmkit/nn/cell_kind.h"
#include "lstmkit/nn/rnn_weight_layout.h"

namespace lstmkit::nn {

struct RnnShape {
  CellKind cell = CellKind::lstm;
  int I = 0, H = 0, L = 1;  // widths and layers: fixed by the layer's config
  int T = 0, N = 0;         // time steps and batch: vary per call (weights do not depend on them)

  using md = dnnl::memory::desc;
  using tag = dnnl::memory::format_tag;
  static constexpr auto f32 = dnnl::memory::data_type::f32;

  int G() const { return gate_count(cell); }
  int input(int layer) const { return layer == 0 ? I : H; }  // I_k
  bool has_cell_state() const { return cell == CellKind::lstm; }

  // [T, N, width]: src_layer (width I_k) and dst_layer (width H) and their diffs.
  md sequence(int width) const { return md({T, N, width}, f32, tag::tnc); }
  // One layer's h or c: {1 layer, 1 direction, N, H}.
  md state() const { return md({1, 1, N, H}, f32, tag::ldnc); }
  // The cell state when this cell has one, else the zero descriptor oneDNN reads as "not used".
  md cell_state() const { return has_cell_state() ? state() : md(); }

  // Weights {1, 1, C, G, H}: `any` lets the primitive choose (and pack); ldgoi is the PyTorch bytes.
  md weights_any(int C) const { return md({1, 1, C, G(), H}, f32, tag::any); }
  md weights_plain(int C) const { return md({1, 1, C, G(), H}, f32, tag::ldgoi); }
  md bias() const { return md({1, 1, onednn_bias_rows(cell), H}, f32, tag::ldgo); }
};

}  // namespace lstmkit::nn
