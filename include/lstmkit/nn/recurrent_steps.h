#pragma once
// A Recurrent stack run in training one time step at a time, for models whose input at step t depends on
// their output at step t-1 (an attention decoder's input feeding). Stepping T times and then walking the
// steps back gives the numbers of one forward_training + backward over the same T inputs: outputs, final
// state, input and state gradients, and the parameter gradients it adds. With dropout between layers the
// masks are drawn step by step, so they differ from the sequence call's draw (same distribution).
//
// T = 1 primitives are built once per batch size N; every step keeps its own inputs, outputs, states,
// dropout masks and oneDNN workspace, in buffers that grow to the longest sequence seen and are then
// reused, so steady-state training allocates nothing. Inference needs no stepping: forward_inference with
// T = 1 is the decoding step (recurrent.h). One thread at a time; the Recurrent must outlive this.
#include <memory>

#include "lstmkit/nn/recurrent.h"
#include "lstmkit/rng.h"

namespace lstmkit::nn {

class RecurrentSteps {
 public:
  // Throws lstmkit::Error for a bidirectional stack.
  explicit RecurrentSteps(Recurrent& rnn);
  ~RecurrentSteps();
  RecurrentSteps(const RecurrentSteps&) = delete;
  RecurrentSteps& operator=(const RecurrentSteps&) = delete;

  // Starts a sequence for batch N from `init` (null or empty vectors = zeros, else [L, N, H] as in
  // forward_training). Forgets the previous sequence, whose backward is then no longer possible.
  void begin(int N, const RecurrentState* init);
  // The next step: x [N, I] → y [N, H], the top layer's output.
  void forward(const float* x, float* y, Rng& dropout_rng);
  int steps() const;
  // The state after the last step, [L, N, H] as forward_training's `final`.
  void final_state(RecurrentState& out) const;

  // Backward, last step first: begin_backward once with the gradient on the final state (null = zero),
  // then backward once per step in reverse order with dy [N, H] of that step, writing dx [N, I] unless
  // null, and finally initial_state_gradient. Adds the parameter gradients into params.grads().
  void begin_backward(const RecurrentState* dfinal);
  void backward(const float* dy, float* dx);
  void initial_state_gradient(RecurrentState& dinit) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lstmkit::nn
