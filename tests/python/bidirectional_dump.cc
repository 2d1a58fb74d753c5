// Writes what test_bidirectional_parity.py compares against: a bidirectional recurrent stack built by
// lstmkit with random weights (tensors `rnn.*`, PyTorch's names), random inputs and initial state
// [2L, N, H], the outputs [T, N, 2H] and final states, and the gradients of
// <y, dy> + <h_n, dh_n> + <c_n, dc_n> for random dy, dh_n, dc_n.
//   lstmkit_bidirectional_dump OUT CELL I H L T N SEED
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "lstmkit/io/checkpoint.h"
#include "lstmkit/nn/recurrent.h"

using namespace lstmkit;

namespace {
std::vector<float> random(size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (auto& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 9) {
    std::cerr << "usage: lstmkit_bidirectional_dump OUT CELL I H L T N SEED\n";
    return 2;
  }
  try {
    nn::RecurrentConfig config;
    config.cell = nn::parse_cell(argv[2]);
    config.input = std::atoi(argv[3]);
    config.hidden = std::atoi(argv[4]);
    config.layers = std::atoi(argv[5]);
    config.bidirectional = true;
    const int T = std::atoi(argv[6]), N = std::atoi(argv[7]);
    Rng rng(std::strtoull(argv[8], nullptr, 10));
    const int I = config.input, H = config.hidden, L2 = 2 * config.layers;
    const bool lstm = config.cell == nn::CellKind::lstm;

    nn::Parameters params;
    nn::Recurrent rnn(params, "rnn", config);
    rnn.initialize(nn::InitScheme::torch, rng);
    const size_t state_size = static_cast<size_t>(L2) * N * H;
    auto state = [&] {
      return nn::RecurrentState{random(state_size, rng), lstm ? random(state_size, rng) : std::vector<float>{}};
    };
    const auto x = random(static_cast<size_t>(T) * N * I, rng);
    const nn::RecurrentState init = state();
    nn::RecurrentState final, dinit;
    std::vector<float> y(static_cast<size_t>(T) * N * 2 * H), dx(x.size());
    rnn.forward_training(T, N, x.data(), &init, y.data(), &final, rng);
    const auto dy = random(y.size(), rng);
    const nn::RecurrentState dfinal = state();
    params.zero_grads();
    rnn.backward(dy.data(), &dfinal, dx.data(), &dinit);

    const std::vector<int64_t> xs{T, N, I}, ss{L2, N, H}, ys{T, N, 2 * H};
    std::vector<io::TensorRef> extra = {{"x", xs, x.data()},          {"h0", ss, init.h.data()},
                                        {"y", ys, y.data()},          {"h_n", ss, final.h.data()},
                                        {"dy", ys, dy.data()},        {"dh_n", ss, dfinal.h.data()},
                                        {"grad.x", xs, dx.data()},    {"grad.h0", ss, dinit.h.data()}};
    if (lstm) {
      extra.push_back({"c0", ss, init.c.data()});
      extra.push_back({"c_n", ss, final.c.data()});
      extra.push_back({"dc_n", ss, dfinal.c.data()});
      extra.push_back({"grad.c0", ss, dinit.c.data()});
    }
    for (const auto& v : params.views())
      extra.push_back({"grad." + v.name, v.shape, params.grads().data() + v.offset});
    io::Checkpoint::save(argv[1], params, extra, {{"kind", "bidirectional-parity"}, {"cell", argv[2]}});
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "lstmkit_bidirectional_dump: " << e.what() << "\n";
    return 1;
  }
}
