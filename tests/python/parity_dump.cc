// Writes what the PyTorch parity test compares against: a recurrent stack + Dense head built by lstmkit
// with random weights, its checkpoint (PyTorch tensor names), random inputs and initial state, the
// outputs, and the gradients of <out, dout> + <h_n, dh_n> + <c_n, dc_n> for random dout, dh_n, dc_n.
//   lstmkit_parity_dump OUT.safetensors CELL I H L O T N SEED
// or a whole language model with a learned embedding (tied to the head when TIE is 1), its checkpoint,
// random ids and targets [T, N], the mean cross-entropy and every parameter's gradient:
//   lstmkit_parity_dump OUT.safetensors lm CELL V E H L T N SEED TIE
// or the softmax cross-entropy alone with label smoothing EPS: random logits [R, V], targets (every third
// row <pad> = 0, ignored), the loss and its gradient on the logits:
//   lstmkit_parity_dump OUT.safetensors loss R V EPS SEED
// or the pinball loss alone: random predictions [R, Q, O] of quantiles 0.1, 0.5, 0.9, ... (Q of them,
// evenly spread) of random targets [R, O], the loss and its gradient on the predictions:
//   lstmkit_parity_dump OUT.safetensors quantile R Q O SEED
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "lstmkit/io/checkpoint.h"
#include "lstmkit/models/language_model.h"
#include "lstmkit/nn/dense.h"
#include "lstmkit/nn/loss.h"
#include "lstmkit/nn/quantile_loss.h"
#include "lstmkit/nn/recurrent.h"

using namespace lstmkit;

namespace {
std::vector<float> random(size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (auto& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}
// V - 4 single-letter tokens after the specials; random ids and targets over all V (<pad> included).
int dump_language_model(char** argv) {
  const std::string out = argv[1];
  models::LmConfig config;
  config.cell = nn::parse_cell(argv[3]);
  const int V = std::atoi(argv[4]);
  config.embed = std::atoi(argv[5]);
  config.hidden = std::atoi(argv[6]);
  config.layers = std::atoi(argv[7]);
  const int T = std::atoi(argv[8]), N = std::atoi(argv[9]);
  Rng rng(std::strtoull(argv[10], nullptr, 10));
  config.tie_embeddings = std::string(argv[11]) == "1";
  std::vector<std::string> tokens;
  for (int v = text::kSpecialCount; v < V; ++v) tokens.push_back("t" + std::to_string(v));
  models::LanguageModel model(
      text::Vocab::build(text::TokenCounts(tokens), text::Unit::grapheme, text::Normalization::nfc), config);
  model.initialize(nn::InitScheme::torch, rng);
  std::vector<int32_t> ids(static_cast<size_t>(T) * N), targets(ids.size());
  for (auto& id : ids) id = static_cast<int32_t>(rng.below(V));
  for (auto& id : targets) id = static_cast<int32_t>(rng.below(V));
  nn::Parameters& params = model.parameters();
  params.zero_grads();
  nn::RecurrentState state;
  const float loss = static_cast<float>(model.train_batch(T, N, ids.data(), targets.data(), state, rng).loss);
  const std::vector<float> x(ids.begin(), ids.end()), y(targets.begin(), targets.end());
  const std::vector<int64_t> tn{T, N}, one{1};
  std::vector<io::TensorRef> extra = {{"ids", tn, x.data()}, {"targets", tn, y.data()}, {"loss", one, &loss}};
  for (const auto& v : params.views())
    extra.push_back({"grad." + v.name, v.shape, params.grads().data() + v.offset});
  io::Checkpoint::save(out, params, extra, {{"kind", "parity-lm"}, {"cell", argv[3]}});
  return 0;
}

int dump_loss(char** argv) {
  const int R = std::atoi(argv[3]), V = std::atoi(argv[4]);
  const float eps = std::strtof(argv[5], nullptr);
  Rng rng(std::strtoull(argv[6], nullptr, 10));
  std::vector<float> logits = random(static_cast<size_t>(R) * V, rng);
  for (float& x : logits) x *= 4.0f;
  std::vector<int32_t> targets(static_cast<size_t>(R));
  for (int r = 0; r < R; ++r) targets[r] = r % 3 == 1 ? 0 : 1 + static_cast<int32_t>(rng.below(V - 1));
  std::vector<float> dlogits(logits.size());
  const float loss = static_cast<float>(
      nn::softmax_cross_entropy(R, V, logits.data(), targets.data(), dlogits.data(), 0, eps).loss);
  const std::vector<float> y(targets.begin(), targets.end());
  const std::vector<int64_t> rv{R, V}, r{R}, one{1};
  nn::Parameters none;
  io::Checkpoint::save(argv[1], none,
                       {{"logits", rv, logits.data()}, {"targets", r, y.data()}, {"loss", one, &loss},
                        {"dlogits", rv, dlogits.data()}},
                       {{"kind", "parity-loss"}});
  return 0;
}

int dump_quantile(char** argv) {
  const int R = std::atoi(argv[3]), Q = std::atoi(argv[4]), O = std::atoi(argv[5]);
  Rng rng(std::strtoull(argv[6], nullptr, 10));
  const std::vector<float> y = random(static_cast<size_t>(R) * Q * O, rng), t = random(static_cast<size_t>(R) * O, rng);
  std::vector<double> taus(static_cast<size_t>(Q));
  for (int q = 0; q < Q; ++q) taus[q] = (q + 1.0) / (Q + 1.0);
  std::vector<float> dy(y.size()), tau_values(taus.begin(), taus.end());
  const float loss = static_cast<float>(nn::quantile_loss(R, Q, O, y.data(), t.data(), taus.data(), dy.data()));
  const std::vector<int64_t> rqo{R, Q, O}, ro{R, O}, q{Q}, one{1};
  nn::Parameters none;
  io::Checkpoint::save(argv[1], none,
                       {{"y", rqo, y.data()}, {"t", ro, t.data()}, {"taus", q, tau_values.data()},
                        {"loss", one, &loss}, {"dy", rqo, dy.data()}},
                       {{"kind", "parity-quantile"}});
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 7 && std::string(argv[2]) == "quantile") {
    try {
      return dump_quantile(argv);
    } catch (const std::exception& e) {
      std::cerr << "lstmkit_parity_dump: " << e.what() << "\n";
      return 1;
    }
  }
  if (argc == 7 && std::string(argv[2]) == "loss") {
    try {
      return dump_loss(argv);
    } catch (const std::exception& e) {
      std::cerr << "lstmkit_parity_dump: " << e.what() << "\n";
      return 1;
    }
  }
  if (argc == 12 && std::string(argv[2]) == "lm") {
    try {
      return dump_language_model(argv);
    } catch (const std::exception& e) {
      std::cerr << "lstmkit_parity_dump: " << e.what() << "\n";
      return 1;
    }
  }
  if (argc != 10) {
    std::cerr << "usage: lstmkit_parity_dump OUT CELL I H L O T N SEED\n";
    return 2;
  }
  try {
    const std::string out = argv[1];
    nn::RecurrentConfig config;
    config.cell = nn::parse_cell(argv[2]);
    config.input = std::atoi(argv[3]);
    config.hidden = std::atoi(argv[4]);
    config.layers = std::atoi(argv[5]);
    const int O = std::atoi(argv[6]), T = std::atoi(argv[7]), N = std::atoi(argv[8]);
    Rng rng(std::strtoull(argv[9], nullptr, 10));
    const int I = config.input, H = config.hidden, L = config.layers;
    const bool lstm = config.cell == nn::CellKind::lstm;

    nn::Parameters params;
    nn::Recurrent rnn(params, "rnn", config);
    nn::Dense head(params, "head", H, O);
    rnn.initialize(nn::InitScheme::torch, rng);
    head.initialize(nn::InitScheme::torch, rng);

    const size_t state_size = static_cast<size_t>(L) * N * H;
    const auto x = random(static_cast<size_t>(T) * N * I, rng);
    nn::RecurrentState init{random(state_size, rng), lstm ? random(state_size, rng) : std::vector<float>{}};
    nn::RecurrentState final;
    std::vector<float> y(static_cast<size_t>(T) * N * H), logits(static_cast<size_t>(T) * N * O);
    rnn.forward_training(T, N, x.data(), &init, y.data(), &final, rng);
    head.forward(T * N, y.data(), logits.data());

    const auto dout = random(logits.size(), rng);
    nn::RecurrentState dfinal{random(state_size, rng), lstm ? random(state_size, rng) : std::vector<float>{}};
    std::vector<float> dy(y.size()), dx(x.size());
    nn::RecurrentState dinit;
    params.zero_grads();
    head.backward(T * N, y.data(), dout.data(), dy.data());
    rnn.backward(dy.data(), &dfinal, dx.data(), &dinit);

    const std::vector<int64_t> xs{T, N, I}, ss{L, N, H}, os{T, N, O};
    std::vector<io::TensorRef> extra = {{"x", xs, x.data()},           {"h0", ss, init.h.data()},
                                        {"out", os, logits.data()},    {"h_n", ss, final.h.data()},
                                        {"dout", os, dout.data()},     {"dh_n", ss, dfinal.h.data()},
                                        {"grad.x", xs, dx.data()},     {"grad.h0", ss, dinit.h.data()}};
    if (lstm) {
      extra.push_back({"c0", ss, init.c.data()});
      extra.push_back({"c_n", ss, final.c.data()});
      extra.push_back({"dc_n", ss, dfinal.c.data()});
      extra.push_back({"grad.c0", ss, dinit.c.data()});
    }
    for (const auto& v : params.views())
      extra.push_back({"grad." + v.name, v.shape, params.grads().data() + v.offset});
    io::Checkpoint::save(out, params, extra, {{"kind", "parity"}, {"cell", argv[2]}});
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "lstmkit_parity_dump: " << e.what() << "\n";
    return 1;
  }
}
