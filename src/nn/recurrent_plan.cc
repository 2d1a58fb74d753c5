// Building and binding the per-(T, N) plans: primitives created once per shape and mode, memories
// re-pointed into the shared, grow-only StackBuffers at the start of every call.
#include <cstdlib>

#include "lstmkit/error.h"
#include "lstmkit/nn/build_counts.h"
#include "lstmkit/nn/dnnl_context.h"
#include "recurrent_impl.h"

namespace lstmkit::nn {

namespace {

constexpr size_t kAlignment = 64;  // a cache line, and what oneDNN's own allocations use

// A memory with no buffer yet: bind() gives it one.
dnnl::memory unbound(const dnnl::memory::desc& d) {
  return dnnl::memory(d, DnnlContext::get().engine(), DNNL_MEMORY_NONE);
}

void set(dnnl::memory& m, void* p) {
  if (m) m.set_data_handle(p);
}

}  // namespace

void Scratch::Free::operator()(void* p) const { std::free(p); }

void Scratch::reserve(size_t bytes) {
  if (bytes <= capacity_) return;
  const size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  data_.reset(std::aligned_alloc(kAlignment, rounded));
  if (!data_) throw Error("recurrent", "out of memory allocating " + std::to_string(rounded) + " bytes",
                          "use a smaller `batch`, `seq_len` or `hidden`");
  capacity_ = rounded;
  count_buffer();
}

ShapePlan& Recurrent::Impl::plan(int T, int N, bool training) {
  const auto key = std::make_tuple(T, N, training);
  if (auto it = plans.find(key); it != plans.end()) return *it->second;
  return *plans.emplace(key, build_plan(T, N, training)).first->second;
}

std::unique_ptr<ShapePlan> Recurrent::Impl::build_plan(int T, int N, bool training) {
  auto p = std::make_unique<ShapePlan>();
  p->shape = geometry;
  p->shape.T = T;
  p->shape.N = N;
  p->training = training;
  p->dropout = training && dropout > 0.0f && geometry.L > 1;
  const bool lstm = geometry.has_cell_state();
  for (int k = 0; k < geometry.L; ++k) {
    LayerPlan lp;
    lp.prims = make_layer_primitives(p->shape, k, training, DnnlContext::get().engine());
    const auto& f = lp.prims.fwd_pd;
    LayerWeights& w = *weights[k];
    lp.src_layer = unbound(f.src_layer_desc());
    lp.src_iter = unbound(f.src_iter_desc());
    lp.dst_layer = unbound(f.dst_layer_desc());
    lp.dst_iter = unbound(f.dst_iter_desc());
    lp.fwd_layer = &w.copy(WeightMatrix::layer, f.weights_layer_desc());
    lp.fwd_iter = &w.copy(WeightMatrix::iter, f.weights_iter_desc());
    lp.fwd_args = {{DNNL_ARG_SRC_LAYER, lp.src_layer},
                   {DNNL_ARG_SRC_ITER, lp.src_iter},
                   {DNNL_ARG_WEIGHTS_LAYER, lp.fwd_layer->memory},
                   {DNNL_ARG_WEIGHTS_ITER, lp.fwd_iter->memory},
                   {DNNL_ARG_BIAS, w.bias()},
                   {DNNL_ARG_DST_LAYER, lp.dst_layer},
                   {DNNL_ARG_DST_ITER, lp.dst_iter}};
    if (lstm) {
      lp.src_iter_c = unbound(f.src_iter_c_desc());
      lp.dst_iter_c = unbound(f.dst_iter_c_desc());
      lp.fwd_args[DNNL_ARG_SRC_ITER_C] = lp.src_iter_c;
      lp.fwd_args[DNNL_ARG_DST_ITER_C] = lp.dst_iter_c;
    }
    if (training) {
      const auto& b = lp.prims.bwd_pd;
      lp.workspace = unbound(f.workspace_desc());
      lp.fwd_args[DNNL_ARG_WORKSPACE] = lp.workspace;
      lp.bwd_layer = &w.copy(WeightMatrix::layer, b.weights_layer_desc());
      lp.bwd_iter = &w.copy(WeightMatrix::iter, b.weights_iter_desc());
      lp.diff_layer = &w.diff(WeightMatrix::layer, b.diff_weights_layer_desc());
      lp.diff_iter = &w.diff(WeightMatrix::iter, b.diff_weights_iter_desc());
      lp.diff_src_layer = unbound(b.diff_src_layer_desc());
      lp.diff_src_iter = unbound(b.diff_src_iter_desc());
      lp.diff_dst_layer = unbound(b.diff_dst_layer_desc());
      lp.diff_dst_iter = unbound(b.diff_dst_iter_desc());
      lp.bwd_args = lp.fwd_args;
      lp.bwd_args[DNNL_ARG_WEIGHTS_LAYER] = lp.bwd_layer->memory;
      lp.bwd_args[DNNL_ARG_WEIGHTS_ITER] = lp.bwd_iter->memory;
      lp.bwd_args[DNNL_ARG_DIFF_SRC_LAYER] = lp.diff_src_layer;
      lp.bwd_args[DNNL_ARG_DIFF_SRC_ITER] = lp.diff_src_iter;
      lp.bwd_args[DNNL_ARG_DIFF_WEIGHTS_LAYER] = lp.diff_layer->memory;
      lp.bwd_args[DNNL_ARG_DIFF_WEIGHTS_ITER] = lp.diff_iter->memory;
      lp.bwd_args[DNNL_ARG_DIFF_BIAS] = w.diff_bias();
      lp.bwd_args[DNNL_ARG_DIFF_DST_LAYER] = lp.diff_dst_layer;
      lp.bwd_args[DNNL_ARG_DIFF_DST_ITER] = lp.diff_dst_iter;
      if (lstm) {
        lp.diff_src_iter_c = unbound(b.diff_src_iter_c_desc());
        lp.diff_dst_iter_c = unbound(b.diff_dst_iter_c_desc());
        lp.bwd_args[DNNL_ARG_DIFF_SRC_ITER_C] = lp.diff_src_iter_c;
        lp.bwd_args[DNNL_ARG_DIFF_DST_ITER_C] = lp.diff_dst_iter_c;
      }
    }
    lp.fwd_exec = exec_args(lp.fwd_args);
    lp.bwd_exec = exec_args(lp.bwd_args);
    p->layers.push_back(std::move(lp));
  }
  return p;
}

void Recurrent::Impl::bind(ShapePlan& plan, StackBuffers& b) {
  const RnnShape& s = plan.shape;
  const size_t L = static_cast<size_t>(s.L), TN = static_cast<size_t>(s.T) * s.N;
  // D: bytes of the primitives' data (layer inputs and outputs, h); F: of f32 (c, masks, every diff).
  // NH: one layer's state, both directions; O: a layer's output width.
  const size_t NH = static_cast<size_t>(s.D) * s.N * s.H, O = s.output(), D = s.data_bytes(), F = sizeof(float);
  for (auto* v : {&b.src, &b.dst, &b.mask, &b.workspace, &b.dsrc}) v->resize(L);
  for (Scratch* st : {&b.h0, &b.hT}) st->reserve(L * NH * D);
  for (Scratch* st : {&b.c0, &b.cT}) st->reserve(L * NH * F);
  if (plan.training) {
    b.dy.reserve(TN * O * F);
    for (Scratch* st : {&b.dh0, &b.dc0, &b.dhT, &b.dcT}) st->reserve(L * NH * F);
  }

  // Size everything first: a layer's memories point into its neighbours' buffers too.
  for (size_t k = 0; k < L; ++k) {
    const size_t in = static_cast<size_t>(s.padded_input(static_cast<int>(k)));
    b.dst[k].reserve(TN * O * D);
    if (k == 0 || plan.dropout) b.src[k].reserve(TN * in * D);
    if (plan.dropout && k + 1 < L) b.mask[k].reserve(TN * O * F);
    if (!plan.training) continue;
    b.workspace[k].reserve(plan.layers[k].prims.fwd_pd.workspace_desc().get_size());
    b.dsrc[k].reserve(TN * in * F);
  }

  // Layer k's slice of an [L·D, N, H] state of `bytes`-wide values.
  auto slice = [NH](Scratch& st, size_t k, size_t bytes) {
    return static_cast<char*>(st.bytes()) + k * NH * bytes;
  };
  for (size_t k = 0; k < L; ++k) {
    LayerPlan& lp = plan.layers[k];
    // Without dropout layer k > 0 reads layer k-1's output in place.
    set(lp.src_layer, k == 0 || plan.dropout ? b.src[k].bytes() : b.dst[k - 1].bytes());
    set(lp.dst_layer, b.dst[k].bytes());
    set(lp.src_iter, slice(b.h0, k, D));
    set(lp.src_iter_c, slice(b.c0, k, F));
    set(lp.dst_iter, slice(b.hT, k, D));
    set(lp.dst_iter_c, slice(b.cT, k, F));
    if (!plan.training) continue;

    set(lp.workspace, b.workspace[k].bytes());
    set(lp.diff_src_layer, b.dsrc[k].bytes());
    // The top layer's output gradient is dy; below, the input gradient of the layer above (which
    // run_backward multiplies by the dropout mask in place first).
    set(lp.diff_dst_layer, k + 1 == L ? b.dy.bytes() : b.dsrc[k + 1].bytes());
    set(lp.diff_src_iter, slice(b.dh0, k, F));
    set(lp.diff_src_iter_c, slice(b.dc0, k, F));
    set(lp.diff_dst_iter, slice(b.dhT, k, F));
    set(lp.diff_dst_iter_c, slice(b.dcT, k, F));
  }
}

}  // namespace lstmkit::nn
