// RecurrentBridge: the two directions' states of a layer gathered into one row per (layer, entry), so
// each part is one Dense call over L·N rows.
#include "lstmkit/nn/recurrent_bridge.h"

#include <algorithm>
#include <cmath>

#include "lstmkit/error.h"

namespace lstmkit::nn {
namespace {

// [2L, N, H] (directions of a layer adjacent) ↔ rows [L·N, 2H] = [fwd; rev] per (layer, entry).
void gather(const float* state, int L, int N, int H, float* rows) {
  const size_t NH = static_cast<size_t>(N) * H;
  for (size_t l = 0; l < static_cast<size_t>(L); ++l)
    for (size_t n = 0; n < static_cast<size_t>(N); ++n)
      for (size_t d = 0; d < 2; ++d) {
        const float* from = state + (2 * l + d) * NH + n * H;
        std::copy(from, from + H, rows + (l * N + n) * 2 * H + d * H);
      }
}

void scatter(const float* rows, int L, int N, int H, float* state) {
  const size_t NH = static_cast<size_t>(N) * H;
  for (size_t l = 0; l < static_cast<size_t>(L); ++l)
    for (size_t n = 0; n < static_cast<size_t>(N); ++n)
      for (size_t d = 0; d < 2; ++d) {
        const float* from = rows + (l * N + n) * 2 * H + d * H;
        std::copy(from, from + H, state + (2 * l + d) * NH + n * H);
      }
}

void check_size(const std::vector<float>& v, size_t n, const char* what) {
  if (v.size() != n)
    throw Error("bridge", std::string(what) + " has " + std::to_string(v.size()) + " values, expected " +
                              std::to_string(n), "pass the state of the matching call for this batch");
}

// The config, unless its layer count or encoder width is out of range (Dense checks the rest).
const BridgeConfig& checked(const std::string& prefix, const BridgeConfig& c) {
  if (c.layers <= 0 || c.layers > kMaxLayers || c.encoder_hidden <= 0 || c.encoder_hidden > kMaxWidth / 2)
    throw Error(prefix, "bridge needs layers in [1, " + std::to_string(kMaxLayers) +
                            "] and an encoder width in [1, " + std::to_string(kMaxWidth / 2) + "]",
                "check `layers` and `hidden`");
  return c;
}

}  // namespace

std::vector<ParamShape> RecurrentBridge::parameter_shapes(const std::string& prefix, const BridgeConfig& config) {
  const BridgeConfig& c = checked(prefix, config);
  std::vector<ParamShape> shapes = Dense::parameter_shapes(prefix + ".h", 2 * c.encoder_hidden, c.decoder_hidden);
  if (c.cell == CellKind::lstm)
    for (ParamShape& s : Dense::parameter_shapes(prefix + ".c", 2 * c.encoder_hidden, c.decoder_hidden))
      shapes.push_back(std::move(s));
  return shapes;
}

RecurrentBridge::RecurrentBridge(Parameters& params, const std::string& prefix, const BridgeConfig& config)
    : config_(checked(prefix, config)),
      h_(params, prefix + ".h", 2 * config.encoder_hidden, config.decoder_hidden) {
  if (config.cell == CellKind::lstm)
    c_.emplace(params, prefix + ".c", 2 * config.encoder_hidden, config.decoder_hidden);
}

void RecurrentBridge::initialize(InitScheme scheme, Rng& rng) {
  h_.initialize(scheme, rng);
  if (c_) c_->initialize(scheme, rng);
}

void RecurrentBridge::forward(int N, const RecurrentState& encoder_final, RecurrentState& decoder_init) {
  const int L = config_.layers, He = config_.encoder_hidden, Hd = config_.decoder_hidden, rows = L * N;
  if (N <= 0) throw Error("bridge", "batch must be positive, got N=" + std::to_string(N), "pass N >= 1");
  const size_t in = static_cast<size_t>(rows) * 2 * He, out = static_cast<size_t>(rows) * Hd;
  check_size(encoder_final.h, in, "encoder final h");
  if (c_) check_size(encoder_final.c, in, "encoder final c");
  N_ = N;
  h_in_.resize(in);
  gather(encoder_final.h.data(), L, N, He, h_in_.data());
  h_out_.resize(out);
  h_.forward(rows, h_in_.data(), h_out_.data());
  for (float& v : h_out_) v = std::tanh(v);
  decoder_init.h.assign(h_out_.begin(), h_out_.end());
  decoder_init.c.clear();
  if (!c_) return;
  c_in_.resize(in);
  gather(encoder_final.c.data(), L, N, He, c_in_.data());
  decoder_init.c.resize(out);
  c_->forward(rows, c_in_.data(), decoder_init.c.data());
}

void RecurrentBridge::backward(const RecurrentState& ddecoder_init, RecurrentState& dencoder_final) {
  const int L = config_.layers, He = config_.encoder_hidden, N = N_, rows = L * N;
  if (N == 0) throw Error("bridge", "no forward to backpropagate through", "call forward first");
  const size_t in = static_cast<size_t>(rows) * 2 * He, out = h_out_.size();
  check_size(ddecoder_init.h, out, "gradient on the decoder's initial h");
  if (c_) check_size(ddecoder_init.c, out, "gradient on the decoder's initial c");
  dz_.resize(out);
  for (size_t i = 0; i < out; ++i) dz_[i] = ddecoder_init.h[i] * (1.0f - h_out_[i] * h_out_[i]);
  dx_.resize(in);
  h_.backward(rows, h_in_.data(), dz_.data(), dx_.data());
  dencoder_final.h.resize(in);
  scatter(dx_.data(), L, N, He, dencoder_final.h.data());
  dencoder_final.c.clear();
  if (!c_) return;
  c_->backward(rows, c_in_.data(), ddecoder_init.c.data(), dx_.data());
  dencoder_final.c.resize(in);
  scatter(dx_.data(), L, N, He, dencoder_final.c.data());
}

}  // namespace lstmkit::nn
