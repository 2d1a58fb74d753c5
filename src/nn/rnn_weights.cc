#include "rnn_weights.h"

#include <cstring>
#include <utility>

#include "lstmkit/nn/build_counts.h"
#include "lstmkit/nn/rnn_weight_layout.h"

namespace lstmkit::nn {

namespace {

float* data(const dnnl::memory& m) { return static_cast<float*>(m.get_data_handle()); }

}  // namespace

LayerWeights::LayerWeights(const RnnShape& shape, int layer, std::vector<LayerParamIds> ids,
                           const dnnl::engine& engine)
    : shape_(shape), ids_(std::move(ids)), engine_(engine) {
  layer_.cols = shape.padded_input(layer);
  layer_.torch_cols = shape.input(layer);
  iter_.cols = iter_.torch_cols = shape.H;
  for (Matrix* m : {&layer_, &iter_}) {
    m->plain = dnnl::memory(shape.weights_plain(m->cols), engine);
    m->diff_plain = dnnl::memory(shape.weights_plain(m->cols), engine);
    // Padding columns are never written after this: zero weights keep the padded inputs out of the sums.
    std::memset(m->plain.get_data_handle(), 0, m->plain.get_desc().get_size());
  }
  bias_ = dnnl::memory(shape.bias(), engine);
  diff_bias_ = dnnl::memory(shape.bias(), engine);
}

WeightCopy& LayerWeights::copy(WeightMatrix which, const dnnl::memory::desc& desc) {
  Matrix& m = matrix(which);
  for (auto& c : m.copies)
    if (c->desc == desc) return *c;
  auto c = std::make_unique<WeightCopy>();
  c->desc = desc;
  c->plain = m.plain;
  if (desc == m.plain.get_desc()) {
    c->memory = m.plain;
  } else {
    c->memory = dnnl::memory(desc, engine_);
    c->from_plain = dnnl::reorder(m.plain, c->memory);
    count_buffer();
    count_primitive();
  }
  m.copies.push_back(std::move(c));
  return *m.copies.back();
}

DiffCopy& LayerWeights::diff(WeightMatrix which, const dnnl::memory::desc& desc) {
  Matrix& m = matrix(which);
  for (auto& d : m.diffs)
    if (d->desc == desc) return *d;
  auto d = std::make_unique<DiffCopy>();
  d->desc = desc;
  if (desc == m.diff_plain.get_desc()) {
    d->memory = m.diff_plain;
  } else {
    d->memory = dnnl::memory(desc, engine_);
    d->to_plain = dnnl::reorder(d->memory, m.diff_plain);
    count_buffer();
    count_primitive();
  }
  m.diffs.push_back(std::move(d));
  return *m.diffs.back();
}

void LayerWeights::refresh_staging(const Parameters& params) {
  if (staging_version_ == params.version()) return;
  const CellKind cell = shape_.cell;
  const int H = shape_.H;
  for (size_t d = 0; d < ids_.size(); ++d) {  // each direction's block follows the previous one
    const LayerParamIds& id = ids_[d];
    for (auto [m, tensor] : {std::pair{&layer_, id.w_ih}, std::pair{&iter_, id.w_hh}})
      weights_to_onednn(cell, H, m->torch_cols, params.value(tensor), data(m->plain) + d * block(*m), m->cols);
    bias_to_onednn(cell, H, params.value(id.b_ih), params.value(id.b_hh), data(bias_) + d * bias_block());
  }
  staging_version_ = params.version();
}

void LayerWeights::make_current(WeightCopy& c, const Parameters& params, dnnl::stream& stream) {
  if (c.version == params.version()) return;
  refresh_staging(params);
  if (c.from_plain) {
    c.from_plain.execute(stream, c.plain, c.memory);
    stream.wait();
  }
  c.version = params.version();
  ++reorders_;
}

void LayerWeights::zero_diffs(DiffCopy& layer, DiffCopy& iter) {
  for (const DiffCopy* d : {&layer, &iter}) std::memset(d->memory.get_data_handle(), 0, d->desc.get_size());
  std::memset(diff_bias_.get_data_handle(), 0, diff_bias_.get_desc().get_size());
}

void LayerWeights::to_plain(DiffCopy& d, Matrix& m, dnnl::stream& stream) {
  if (d.to_plain) {
    d.to_plain.execute(stream, d.memory, m.diff_plain);
    stream.wait();
  }
}

void LayerWeights::add_grads(DiffCopy& layer, DiffCopy& iter, Parameters& params, dnnl::stream& stream) {
  to_plain(layer, layer_, stream);
  to_plain(iter, iter_, stream);
  const CellKind cell = shape_.cell;
  const int H = shape_.H;
  for (size_t d = 0; d < ids_.size(); ++d) {
    const LayerParamIds& id = ids_[d];
    for (auto [m, tensor] : {std::pair{&layer_, id.w_ih}, std::pair{&iter_, id.w_hh}})
      add_weights_grad_to_torch(cell, H, m->torch_cols, data(m->diff_plain) + d * block(*m), params.grad(tensor),
                                m->cols);
    add_bias_grad_to_torch(cell, H, data(diff_bias_) + d * bias_block(), params.grad(id.b_ih),
                           params.grad(id.b_hh));
  }
}

}  // namespace lstmkit::nn
