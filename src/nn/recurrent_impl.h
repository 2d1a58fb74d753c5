#pragma once
// Recurrent's private parts: the host buffers a mode runs in, the cached per-(T, N) plans (primitives
// and the memories they execute on), and the per-layer weights. Shared by src/nn/recurrent*.cc.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

#include "lstmkit/error.h"
#include "lstmkit/nn/bf16.h"
#include "lstmkit/nn/recurrent.h"
#include "rnn_primitives.h"
#include "rnn_shape.h"
#include "rnn_weights.h"

namespace lstmkit::nn {

// Grow-only, 64-byte aligned host memory: reallocated only when a bigger shape arrives, so repeated
// calls with one shape never allocate. Contents are not kept when it grows.
class Scratch {
 public:
  void reserve(size_t bytes);
  float* floats() const { return static_cast<float*>(data_.get()); }
  void* bytes() const { return data_.get(); }

 private:
  struct Free {
    void operator()(void* p) const;
  };
  std::unique_ptr<void, Free> data_;
  size_t capacity_ = 0;
};

// What one mode (training or inference) runs in, shared by all of its (T, N) plans and sized for the
// largest. Inference uses only the forward half.
struct StackBuffers {
  // src, dst, h0 and hT hold the plan's data type (f32 or bf16); everything else is f32.
  std::vector<Scratch> src;        // [L] layer inputs [T, N, I_k]; unused for k > 0 without dropout
  std::vector<Scratch> dst;        // [L] layer outputs [T, N, D·H]
  std::vector<Scratch> mask;       // [L] dropout masks [T, N, D·H] for k < L-1: 0 or 1/(1-p)
  std::vector<Scratch> workspace;  // [L] oneDNN workspaces kept from forward_training for backward
  Scratch h0, c0, hT, cT;          // [L·D, N, H] initial and final states
  std::vector<Scratch> dsrc;       // [L] gradient wrt each layer's input [T, N, I_k]
  Scratch dy;                      // [T, N, D·H] gradient wrt the last layer's output
  Scratch dh0, dc0, dhT, dcT;      // [L·D, N, H] state gradients
};

// One layer's primitives for one (T, N) and the memories they execute on. The memories have no buffer
// of their own: bind() points them into StackBuffers (cheap) before each call.
struct LayerPlan {
  LayerPrimitives prims;
  dnnl::memory src_layer, src_iter, src_iter_c, dst_layer, dst_iter, dst_iter_c, workspace;
  dnnl::memory diff_src_layer, diff_src_iter, diff_src_iter_c;
  dnnl::memory diff_dst_layer, diff_dst_iter, diff_dst_iter_c;
  WeightCopy* fwd_layer = nullptr;  // weights in the forward primitive's layouts
  WeightCopy* fwd_iter = nullptr;
  WeightCopy* bwd_layer = nullptr;  // … and in the backward one's (training only)
  WeightCopy* bwd_iter = nullptr;
  DiffCopy* diff_layer = nullptr;
  DiffCopy* diff_iter = nullptr;
  std::unordered_map<int, dnnl::memory> fwd_args, bwd_args;  // own the memories of the arrays below
  ExecArgs fwd_exec, bwd_exec;
};

struct ShapePlan {
  RnnShape shape;             // with this plan's T and N
  bool training = false;      // forward_training + backward, or forward_inference
  bool dropout = false;       // training with p > 0 and L > 1: layer k > 0 reads a masked copy
  std::vector<LayerPlan> layers;  // [L]
};

struct Recurrent::Impl {
  Impl(Parameters& params, const std::string& prefix, const RecurrentConfig& config);

  // forward_training (rng given) or forward_inference: checks, copies in, runs, copies out. `call`
  // names the public call in errors.
  void forward(const char* call, bool training, int T, int N, const float* x, const RecurrentState* init,
               float* y, RecurrentState* final, Rng* rng);
  // The cached plan for (T, N, mode), built on first use.
  ShapePlan& plan(int T, int N, bool training);
  // A new plan outside the cache, for callers that bind it to buffers of their own (RecurrentSteps).
  std::unique_ptr<ShapePlan> build_plan(int T, int N, bool training);
  // Sizes `b` for the plan's shape and points every memory of the plan into it.
  void bind(ShapePlan& plan, StackBuffers& b);
  // Runs the layers bottom-up on b.src[0] and b.h0/c0; draws dropout masks from `rng` when the plan
  // has dropout.
  void run_forward(ShapePlan& plan, StackBuffers& b, Rng* rng);
  // Runs the backward primitives top-down from b.dy and b.dhT/dcT, adding parameter gradients.
  // `announce_layers`: each layer's gradients are final once its backward ends (a data-parallel run
  // sends them while the layers below run); false where the same weights' backward runs again in
  // this step (RecurrentSteps walks the time steps one by one).
  void run_backward(ShapePlan& plan, StackBuffers& b, bool announce_layers);

  Parameters& params;
  std::string prefix;
  RnnShape geometry;  // cell, I, H, L (T = N = 0)
  float dropout = 0.0f;
  std::vector<LayerParamIds> ids;  // [L]
  std::vector<std::unique_ptr<LayerWeights>> weights;  // [L]
  std::map<std::tuple<int, int, bool>, std::unique_ptr<ShapePlan>> plans;
  StackBuffers train, infer;
  ShapePlan* pending = nullptr;        // the forward_training whose backward has not run yet
  ShapePlan* last_training = nullptr;  // the last forward_training (its masks are in train.mask)
};

// An error location, "<prefix> <call>", turned into a string only when an error is thrown: the hot
// path builds no strings.
struct Where {
  const std::string& prefix;
  const char* call;
  operator std::string() const { return (prefix.empty() ? "recurrent" : prefix) + (*call ? " " : "") + call; }
};

// oneDNN reports its failures (out of memory, an unsupported shape) as dnnl::error; callers of the
// library expect lstmkit::Error.
template <typename F>
void translating_onednn_errors(const Where& where, F&& body) {
  try {
    body();
  } catch (const dnnl::error& e) {
    throw Error(where, std::string("oneDNN failed: ") + e.what(),
                "check free memory and the sizes; run with ONEDNN_VERBOSE=1 for oneDNN's reason");
  }
}

// An input state (initial state or gradient on the final state) is null, or each of its vectors is
// empty (zeros) or exactly n = L·N·H values; c only for LSTM. Throws lstmkit::Error naming `what`.
void check_state(const RecurrentState* st, size_t n, bool lstm, const Where& where, const char* what);

// n f32 values into a buffer of the primitives' data type (f32 or bf16), and back.
void to_data(const float* src, void* dst, size_t n, Precision p);
void from_data(const void* src, float* dst, size_t n, Precision p);
// x [rows, I] (f32) into layer 0's input buffer [rows, Ip] of the plan's data type (Ip = the padded
// width), the padding columns zero; and the gradient back: dx [rows, I] = the first I columns of dsrc.
void load_input(const float* x, void* src, size_t rows, const RnnShape& s);
void store_input_gradient(const float* dsrc, float* dx, size_t rows, const RnnShape& s);
// An input state: null or empty means zeros (all-zero bytes in f32 and in bf16).
void load(const std::vector<float>* v, void* dst, size_t n, Precision p);
// resize() keeps the capacity, so a state reused call after call is not reallocated.
void store(const void* src, size_t n, Precision p, std::vector<float>& out);

// Dropout on [count] values: mask[i] = 0 with probability p, else 1/(1-p); out = in · mask.
void draw_dropout_mask(float* mask, size_t count, float p, Rng& rng);
void apply_mask(const float* in, const float* mask, float* out, size_t count);
// The same on bf16 values (the product rounded to bf16), for bf16 plans.
void apply_mask(const bf16_t* in, const float* mask, bf16_t* out, size_t count);

}  // namespace lstmkit::nn
