#include "rnn_primitives.h"

#include <string>

#include "lstmkit/error.h"
#include "lstmkit/nn/build_counts.h"

namespace lstmkit::nn {

namespace {

using dnnl::prop_kind;
// The descriptors one layer's primitives are built from. Diffs are f32 in either precision (and then
// the same descriptors as the data in f32); bias and c are f32 and so serve as their own diffs.
struct LayerDescs {
  dnnl::rnn_direction direction;
  dnnl::memory::desc src_layer, dst_layer, state, cell_state, w_layer, w_iter, bias;
  dnnl::memory::desc diff_src_layer, diff_dst_layer, diff_state, diff_w_layer, diff_w_iter;
  LayerDescs(const RnnShape& s, int layer)
      : direction(s.D == 2 ? dnnl::rnn_direction::bidirectional_concat
                           : dnnl::rnn_direction::unidirectional_left2right),
        src_layer(s.sequence(s.padded_input(layer))),
        dst_layer(s.sequence(s.output())),
        state(s.state()),
        cell_state(s.cell_state()),
        w_layer(s.weights_any(s.padded_input(layer))),
        w_iter(s.weights_any(s.H)),
        bias(s.bias()),
        diff_src_layer(s.diff_sequence(s.padded_input(layer))),
        diff_dst_layer(s.diff_sequence(s.output())),
        diff_state(s.diff_state()),
        diff_w_layer(s.diff_weights_any(s.padded_input(layer))),
        diff_w_iter(s.diff_weights_any(s.H)) {}
};

LayerPrimitives make_lstm(const LayerDescs& d, bool training, const dnnl::engine& engine) {
  const auto kind = training ? prop_kind::forward_training : prop_kind::forward_inference;
  dnnl::lstm_forward::primitive_desc fwd_pd(
      dnnl::lstm_forward::desc(kind, d.direction, d.src_layer, d.state, d.cell_state, d.w_layer, d.w_iter,
                               d.bias, d.dst_layer, d.state, d.cell_state),
      engine);
  LayerPrimitives p{fwd_pd, {}, dnnl::lstm_forward(fwd_pd), {}};
  if (!training) return p;
  dnnl::lstm_backward::primitive_desc bwd_pd(
      dnnl::lstm_backward::desc(prop_kind::backward, d.direction, d.src_layer, d.state, d.cell_state,
                                d.w_layer, d.w_iter, d.bias, d.dst_layer, d.state, d.cell_state,
                                d.diff_src_layer, d.diff_state, d.cell_state, d.diff_w_layer,
                                d.diff_w_iter, d.bias, d.diff_dst_layer, d.diff_state, d.cell_state),
      engine, fwd_pd);
  p.bwd_pd = bwd_pd;
  p.bwd = dnnl::lstm_backward(bwd_pd);
  return p;
}

LayerPrimitives make_gru(const LayerDescs& d, bool training, const dnnl::engine& engine) {
  const auto kind = training ? prop_kind::forward_training : prop_kind::forward_inference;
  dnnl::lbr_gru_forward::primitive_desc fwd_pd(
      dnnl::lbr_gru_forward::desc(kind, d.direction, d.src_layer, d.state, d.w_layer, d.w_iter, d.bias,
                                  d.dst_layer, d.state),
      engine);
  LayerPrimitives p{fwd_pd, {}, dnnl::lbr_gru_forward(fwd_pd), {}};
  if (!training) return p;
  dnnl::lbr_gru_backward::primitive_desc bwd_pd(
      dnnl::lbr_gru_backward::desc(prop_kind::backward, d.direction, d.src_layer, d.state, d.w_layer,
                                   d.w_iter, d.bias, d.dst_layer, d.state, d.diff_src_layer,
                                   d.diff_state, d.diff_w_layer, d.diff_w_iter, d.bias, d.diff_dst_layer,
                                   d.diff_state),
      engine, fwd_pd);
  p.bwd_pd = bwd_pd;
  p.bwd = dnnl::lbr_gru_backward(bwd_pd);
  return p;
}

LayerPrimitives make_rnn(const LayerDescs& d, bool training, const dnnl::engine& engine) {
  const auto kind = training ? prop_kind::forward_training : prop_kind::forward_inference;
  constexpr auto tanh = dnnl::algorithm::eltwise_tanh;
  dnnl::vanilla_rnn_forward::primitive_desc fwd_pd(
      dnnl::vanilla_rnn_forward::desc(kind, tanh, d.direction, d.src_layer, d.state, d.w_layer, d.w_iter,
                                      d.bias, d.dst_layer, d.state),
      engine);
  LayerPrimitives p{fwd_pd, {}, dnnl::vanilla_rnn_forward(fwd_pd), {}};
  if (!training) return p;
  dnnl::vanilla_rnn_backward::primitive_desc bwd_pd(
      dnnl::vanilla_rnn_backward::desc(prop_kind::backward, tanh, d.direction, d.src_layer, d.state,
                                       d.w_layer, d.w_iter, d.bias, d.dst_layer, d.state,
                                       d.diff_src_layer, d.diff_state, d.diff_w_layer, d.diff_w_iter,
                                       d.bias, d.diff_dst_layer, d.diff_state),
      engine, fwd_pd);
  p.bwd_pd = bwd_pd;
  p.bwd = dnnl::vanilla_rnn_backward(bwd_pd);
  return p;
}

}  // namespace

ExecArgs exec_args(const std::unordered_map<int, dnnl::memory>& args) {
  ExecArgs c;
  c.reserve(args.size());
  for (const auto& [arg, memory] : args) c.push_back({arg, memory.get()});
  return c;
}

void execute(const dnnl::primitive& p, dnnl::stream& stream, const ExecArgs& args) {
  dnnl::error::wrap_c_api(
      dnnl_primitive_execute(p.get(), stream.get(), static_cast<int>(args.size()), args.data()),
      "could not execute a primitive");
  stream.wait();
}

LayerPrimitives make_layer_primitives(const RnnShape& s, int layer, bool training,
                                      const dnnl::engine& engine) {
  const LayerDescs d(s, layer);
  count_primitive(training ? 2 : 1);
  try {
    switch (s.cell) {
      case CellKind::lstm: return make_lstm(d, training, engine);
      case CellKind::gru: return make_gru(d, training, engine);
      case CellKind::rnn: return make_rnn(d, training, engine);
    }
  } catch (const dnnl::error& e) {
    throw Error("oneDNN " + cell_name(s.cell) + " layer " + std::to_string(layer),
                std::string("cannot build the primitive for T=") + std::to_string(s.T) +
                    ", N=" + std::to_string(s.N) + ", I_k=" + std::to_string(s.padded_input(layer)) +
                    ", H=" + std::to_string(s.H) + ": " + e.what(),
                "check the sizes; run with ONEDNN_VERBOSE=1 for oneDNN's reason");
  }
  throw Error("recurrent", "unknown cell kind", "use lstm, gru or rnn");
}

}  // namespace lstmkit::nn
