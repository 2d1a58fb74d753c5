#pragma once
// A stack of L recurrent layers (LSTM, GRU or tanh RNN) on oneDNN's RNN primitives: one primitive per
// layer, inverted dropout between layers in training, initial state in and final state out for every
// layer. Parameters are PyTorch's tensors, registered under `prefix` (`rnn.weight_ih_l0` …):
//   weight_ih_l{k} [G·H, I_k]   weight_hh_l{k} [G·H, H]   bias_ih_l{k} [G·H]   bias_hh_l{k} [G·H]
// with I_0 = I and I_k = D·H for k > 0, gate order as PyTorch (LSTM i,f,g,o; GRU r,z,n).
// Bidirectional (D = 2) is PyTorch's nn.LSTM(bidirectional=True) on an unpacked batch: every layer
// also runs right to left with its own tensors, named with the suffix `_reverse` (weight_ih_l0_reverse
// …) after the left-to-right ones, and writes [T, N, 2H], left-to-right outputs first (oneDNN's
// bidirectional_concat). States are then [2L, N, H], ordered layer by layer, left-to-right first.
//
// Primitives are built once per (T, N, training | inference) and cached; weights are reordered into
// the primitives' layouts once per Parameters::version(), so repeated same-shape calls allocate nothing
// and do no weight work. The math runs in the config's precision (precision.h; inputs, outputs, states
// and gradients are f32 at this interface either way) on the shared DnnlContext (threads:
// OMP_NUM_THREADS). One thread at a time per Recurrent. Failures, oneDNN's included, are thrown as
// lstmkit::Error.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "lstmkit/nn/cell_kind.h"
#include "lstmkit/nn/init.h"
#include "lstmkit/nn/parameters.h"
#include "lstmkit/nn/precision.h"
#include "lstmkit/rng.h"

namespace lstmkit::nn {

// Sanity limits, far above any model that fits in memory, so that a damaged or hostile config is refused
// before sizes are multiplied: G·H·(I + H) stays far below 2^63.
inline constexpr int kMaxWidth = 1 << 24;  // I, H, and a head's O
inline constexpr int kMaxLayers = 1000;    // L

struct RecurrentConfig {
  CellKind cell = CellKind::lstm;
  int input = 0;         // I
  int hidden = 0;        // H
  int layers = 1;        // L
  float dropout = 0.0f;  // on the outputs of every layer but the last, training only; in [0, 1)
  Precision precision = Precision::f32;  // bf16 only where has_native_bf16() (the constructor checks)
  bool bidirectional = false;            // D = 2
  // The first layer's input width as the primitives see it: I rounded up to a multiple of this, the
  // extra columns zero in the input and in W_ih (so the results are the same). oneDNN's brgemm RNN uses
  // AMX only on blocked reduction widths. 0: 32 in bf16, none in f32. Parameters, checkpoints, x and dx
  // keep the true width I: the padding lives only in the primitives' buffers.
  int input_block = 0;
};

// Every layer's state: h [L·D, N, H]; c [L·D, N, H] for LSTM, empty for GRU and RNN.
// As an input (initial state, gradient on the final state) an empty vector means zeros; any other
// size than L·D·N·H for the call's N throws lstmkit::Error.
struct RecurrentState {
  std::vector<float> h;
  std::vector<float> c;
};

// What the layer has built so far (for tests and diagnostics).
struct RecurrentStats {
  size_t plans = 0;              // cached (T, N, mode) shapes, each with its primitives
  uint64_t weight_reorders = 0;  // weight copies brought up to a new Parameters::version()
  int input_width = 0;           // layer 0's input width as the primitives see it (I, or I padded)
};

class Recurrent {
 public:
  // Registers parameter_shapes() (zero) in `params`; throws lstmkit::Error on a bad config, or for bf16
  // on a CPU without native bf16.
  Recurrent(Parameters& params, const std::string& prefix, const RecurrentConfig& config);

  // The tensors of the stack, four per layer in the order above. Throws lstmkit::Error (where = prefix)
  // unless widths are in [1, kMaxWidth], layers in [1, kMaxLayers] and dropout in [0, 1).
  static std::vector<ParamShape> parameter_shapes(const std::string& prefix, const RecurrentConfig& config);
  ~Recurrent();
  Recurrent(const Recurrent&) = delete;
  Recurrent& operator=(const Recurrent&) = delete;

  const RecurrentConfig& config() const { return config_; }

  // keras: glorot_uniform weight_ih, orthogonal weight_hh, zero biases (LSTM: forget block of bias_ih
  // = 1). torch: every tensor uniform(±1/√H), in PyTorch's order. Marks the parameters updated.
  void initialize(InitScheme scheme, Rng& rng);

  // x [T, N, I] → y [T, N, D·H] (last layer's outputs). `init` null means zero state; `final` may be null.
  // Keeps what backward() needs (workspaces, layer inputs, dropout masks).
  void forward_training(int T, int N, const float* x, const RecurrentState* init, float* y,
                        RecurrentState* final, Rng& dropout_rng);

  // Backward of the last forward_training (once per forward). dy [T, N, D·H]; dfinal: gradient on the
  // final state (null = zero). Writes dx [T, N, I] unless null, and dinit (same shapes as the state)
  // unless null. Adds the parameter gradients into params.grads() — it never zeroes them.
  void backward(const float* dy, const RecurrentState* dfinal, float* dx, RecurrentState* dinit);

  // Inference: no workspace, no dropout. Same shapes and state semantics as forward_training. With
  // T = 1 this is the decoding step of greedy and beam search: the plan is cached and, once `final`'s
  // vectors have their size, a step allocates nothing (`init` and `final` may be the same object).
  void forward_inference(int T, int N, const float* x, const RecurrentState* init, float* y,
                         RecurrentState* final);

  // The mask the last forward_training multiplied layer `layer`'s output [T, N, D·H] by before feeding
  // it to layer + 1: each value 0 or 1/(1-p). Empty for the top layer, without dropout, or before any
  // forward_training.
  std::span<const float> dropout_mask(int layer) const;

  RecurrentStats stats() const;

 private:
  friend class RecurrentSteps;  // runs the same layers and weights on plans of its own
  struct Impl;
  RecurrentConfig config_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lstmkit::nn
