#pragma once
// The fully connected head, PyTorch's nn.Linear: y = x Wᵀ + b, with tensors registered as
// `<prefix>.weight` [O, H] and `<prefix>.bias` [O] — prefix is the module's name, as for Recurrent
// (`head` gives `head.weight`, `head.bias`).
// Every call is one matrix product over all rows at once: a language model sends T·N rows per step.
// f32: oneDNN's SGEMM. bf16: x, dy and the weight enter a oneDNN matmul as bf16 (the weight converted
// once per Parameters::version(), the primitive built once per row count), accumulating and writing f32;
// bias, outputs and gradients stay f32. Measured on a 2-core AMD EPYC (AVX512-BF16), one thread:
// rows 6400, H 512, 65 outputs 2.4×, 10,004 outputs 1.9× faster than SGEMM; at one row 2.1×.
#include <memory>
#include <string>
#include <vector>

#include "lstmkit/nn/init.h"
#include "lstmkit/nn/parameters.h"
#include "lstmkit/nn/precision.h"
#include "lstmkit/rng.h"

namespace lstmkit::nn {

class Dense {
 public:
  // in: H, the width of each input row; out: O (V for a language model). Registers parameter_shapes().
  // bf16 only where has_native_bf16() (throws lstmkit::Error elsewhere).
  Dense(Parameters& params, const std::string& prefix, int in, int out, Precision precision = Precision::f32);
  ~Dense();
  Dense(const Dense&) = delete;
  Dense& operator=(const Dense&) = delete;

  // `<prefix>.weight` [O, H], `<prefix>.bias` [O]. Throws lstmkit::Error unless both widths are in
  // [1, kMaxWidth] (recurrent.h).
  static std::vector<ParamShape> parameter_shapes(const std::string& prefix, int in, int out);

  int in() const { return in_; }
  int out() const { return out_; }
  Precision precision() const { return precision_; }
  ParamId weight() const { return weight_; }
  ParamId bias() const { return bias_; }

  // keras: glorot_uniform weight, zero bias. torch: weight and bias uniform(±1/√H) (nn.Linear).
  void initialize(InitScheme scheme, Rng& rng);

  // x [rows, H] → y [rows, O].
  void forward(int rows, const float* x, float* y) const;

  // dy [rows, O] for the x of the matching forward. ADDS dyᵀ x into the weight gradient and the column
  // sums of dy into the bias gradient; overwrites dx [rows, H] = dy W unless dx is null.
  void backward(int rows, const float* x, const float* dy, float* dx);

 private:
  struct Bf16;  // the bf16 path's converted operands and matmul primitives
  Parameters& params_;
  ParamId weight_, bias_;
  int in_, out_;
  Precision precision_;
  std::unique_ptr<Bf16> bf16_;  // null for f32
};

// Keras' return_sequences=False: a head that reads only the last time step of a [T, N, H] sequence.
// In [T, N, H] layout the last step is the contiguous block `seq + (T-1)·N·H`, already a [N, H] batch of
// rows, so forward needs no copy; backward turns the head's dx [N, H] into the [T, N, H] gradient a
// recurrent layer wants: zero for t < T-1, dlast at t = T-1 (the recurrent backward overwrites, so the
// whole buffer is written).
inline const float* last_step(int T, int N, int H, const float* seq) {
  return seq + static_cast<size_t>(T - 1) * N * H;
}
void scatter_last_step(int T, int N, int H, const float* dlast, float* dseq);

}  // namespace lstmkit::nn
