// Executing a bound plan: layers bottom-up for forward, top-down for backward, with inverted dropout
// between layers in training. Inputs and outputs are already in StackBuffers (recurrent.cc copies them).
#include <algorithm>

#include "lstmkit/nn/bf16.h"
#include "lstmkit/nn/dnnl_context.h"
#include "recurrent_impl.h"

namespace lstmkit::nn {

void draw_dropout_mask(float* mask, size_t count, float p, Rng& rng) {
  const float keep_scale = 1.0f / (1.0f - p);
  for (size_t i = 0; i < count; ++i) mask[i] = rng.uniform() < p ? 0.0f : keep_scale;
}

void apply_mask(const float* in, const float* mask, float* out, size_t count) {
  for (size_t i = 0; i < count; ++i) out[i] = in[i] * mask[i];
}

void apply_mask(const bf16_t* in, const float* mask, bf16_t* out, size_t count) {
  constexpr size_t kChunk = 256;  // values widened to f32 at a time, on the stack
  float wide[kChunk];
  for (size_t i = 0; i < count; i += kChunk) {
    const size_t n = std::min(kChunk, count - i);
    from_bf16(in + i, wide, n);
    apply_mask(wide, mask + i, wide, n);
    to_bf16(wide, out + i, n);
  }
}

void Recurrent::Impl::run_forward(ShapePlan& plan, StackBuffers& b, Rng* rng) {
  dnnl::stream& stream = DnnlContext::get().stream();
  const size_t THN = static_cast<size_t>(plan.shape.T) * plan.shape.N * plan.shape.output();
  for (int k = 0; k < plan.shape.L; ++k) {
    LayerPlan& lp = plan.layers[k];
    weights[k]->make_current(*lp.fwd_layer, params, stream);
    weights[k]->make_current(*lp.fwd_iter, params, stream);
    execute(lp.prims.fwd, stream, lp.fwd_exec);
    if (plan.dropout && k + 1 < plan.shape.L) {  // only training plans have dropout, and they pass rng
      draw_dropout_mask(b.mask[k].floats(), THN, dropout, *rng);
      if (plan.shape.precision == Precision::bf16)
        apply_mask(static_cast<const bf16_t*>(b.dst[k].bytes()), b.mask[k].floats(),
                   static_cast<bf16_t*>(b.src[k + 1].bytes()), THN);
      else
        apply_mask(b.dst[k].floats(), b.mask[k].floats(), b.src[k + 1].floats(), THN);
    }
  }
}

void Recurrent::Impl::run_backward(ShapePlan& plan, StackBuffers& b, bool announce_layers) {
  dnnl::stream& stream = DnnlContext::get().stream();
  const size_t THN = static_cast<size_t>(plan.shape.T) * plan.shape.N * plan.shape.output();
  for (int k = plan.shape.L - 1; k >= 0; --k) {  // reverse order: layer k needs the gradient of k+1
    LayerPlan& lp = plan.layers[k];
    LayerWeights& w = *weights[k];
    w.make_current(*lp.bwd_layer, params, stream);
    w.make_current(*lp.bwd_iter, params, stream);
    w.zero_diffs(*lp.diff_layer, *lp.diff_iter);  // oneDNN adds into them
    execute(lp.prims.bwd, stream, lp.bwd_exec);
    w.add_grads(*lp.diff_layer, *lp.diff_iter, params, stream);
    if (announce_layers)
      for (const LayerParamIds& ids : w.ids())
        for (ParamId id : {ids.w_ih, ids.w_hh, ids.b_ih, ids.b_hh}) params.gradients_final(id);
    // d(layer k-1 output) = d(masked input of layer k) · mask, in place: it is layer k-1's diff_dst.
    if (plan.dropout && k > 0)
      apply_mask(b.dsrc[k].floats(), b.mask[k - 1].floats(), b.dsrc[k].floats(), THN);
  }
}

}  // namespace lstmkit::nn
