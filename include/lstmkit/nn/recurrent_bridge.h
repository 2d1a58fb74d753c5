#pragma once
// A decoder's initial state from a bidirectional encoder's final state through a learned projection
// (Bahdanau et al. 2015's tanh(W_s h) bridge, as Marian learns one), for every layer l and batch entry n:
//   h_dec[l, n] = tanh(W_h [h_fwd[l, n]; h_rev[l, n]] + b_h)
//   c_dec[l, n] =      W_c [c_fwd[l, n]; c_rev[l, n]] + b_c      (LSTM only; a cell state is unbounded)
// One projection per part, shared by the layers: `<prefix>.h.weight` [H_dec, 2·H_enc], `<prefix>.h.bias`
// [H_dec], and `<prefix>.c.*` for LSTM (nn.Linear's names). The encoder state is Recurrent's
// bidirectional [2L, N, H_enc] (layer by layer, left-to-right first); the result is [L, N, H_dec].
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/nn/cell_kind.h"
#include "lstmkit/nn/dense.h"
#include "lstmkit/nn/init.h"
#include "lstmkit/nn/parameters.h"
#include "lstmkit/nn/recurrent.h"
#include "lstmkit/rng.h"

namespace lstmkit::nn {

struct BridgeConfig {
  CellKind cell = CellKind::lstm;
  int layers = 1;          // L, the same for the encoder and the decoder
  int encoder_hidden = 0;  // H_enc of each direction
  int decoder_hidden = 0;  // H_dec
};

class RecurrentBridge {
 public:
  RecurrentBridge(Parameters& params, const std::string& prefix, const BridgeConfig& config);
  // Throws lstmkit::Error on widths outside [1, kMaxWidth] or layers outside [1, kMaxLayers].
  static std::vector<ParamShape> parameter_shapes(const std::string& prefix, const BridgeConfig& config);

  // As nn.Linear (Dense::initialize).
  void initialize(InitScheme scheme, Rng& rng);

  // encoder_final [2L, N, H_enc] → decoder_init [L, N, H_dec]. Keeps what backward needs.
  void forward(int N, const RecurrentState& encoder_final, RecurrentState& decoder_init);
  // Backward of the last forward: the gradient on decoder_init → the gradient on encoder_final
  // (overwritten, [2L, N, H_enc]); adds the parameter gradients.
  void backward(const RecurrentState& ddecoder_init, RecurrentState& dencoder_final);

 private:
  BridgeConfig config_;
  Dense h_;
  std::optional<Dense> c_;  // LSTM only
  int N_ = 0;
  std::vector<float> h_in_, c_in_, h_out_, dz_, dx_;  // [L·N, 2·H_enc] rows; outputs [L·N, H_dec]
};

}  // namespace lstmkit::nn
