// Writes what test_attention_parity.py compares against: an AttentionDecoder built by lstmkit with random
// weights (checkpoint tensors under `decoder.`), random embeddings, encoder outputs and initial state,
// the source lengths, the outputs h̃ and attention weights, and the gradients of <out, dout> for a random
// dout: on the embeddings, the encoder outputs, the initial state and every parameter.
//   lstmkit_attention_dump OUT KIND CELL E H L M T S SEED LENGTH...   (one length per batch entry)
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "lstmkit/io/checkpoint.h"
#include "lstmkit/nn/attention_decoder.h"

using namespace lstmkit;

namespace {
std::vector<float> random(size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (auto& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 12) {
    std::cerr << "usage: lstmkit_attention_dump OUT KIND CELL E H L M T S SEED LENGTH...\n";
    return 2;
  }
  try {
    nn::AttentionDecoderConfig config;
    config.attention = nn::parse_attention(argv[2]);
    config.cell = nn::parse_cell(argv[3]);
    config.embed = std::atoi(argv[4]);
    config.hidden = std::atoi(argv[5]);
    config.layers = std::atoi(argv[6]);
    config.memory = std::atoi(argv[7]);
    const int T = std::atoi(argv[8]), S = std::atoi(argv[9]), N = argc - 11;
    Rng rng(std::strtoull(argv[10], nullptr, 10));
    std::vector<int> lengths;
    for (int i = 11; i < argc; ++i) lengths.push_back(std::atoi(argv[i]));
    const int E = config.embed, H = config.hidden, L = config.layers, M = config.memory;
    const bool lstm = config.cell == nn::CellKind::lstm;

    nn::Parameters params;
    nn::AttentionDecoder decoder(params, "decoder", config);
    decoder.initialize(nn::InitScheme::torch, rng);

    const size_t state_size = static_cast<size_t>(L) * N * H;
    const auto emb = random(static_cast<size_t>(T) * N * E, rng);
    const auto memory = random(static_cast<size_t>(S) * N * M, rng);
    nn::RecurrentState init{random(state_size, rng), lstm ? random(state_size, rng) : std::vector<float>{}};
    std::vector<float> out(static_cast<size_t>(T) * N * H), align(static_cast<size_t>(T) * N * S);
    decoder.forward_training(T, N, emb.data(), S, memory.data(), lengths.data(), &init, out.data(), align.data(),
                             rng);
    const auto dout = random(out.size(), rng);
    std::vector<float> demb(emb.size()), dmemory(memory.size());
    nn::RecurrentState dinit;
    params.zero_grads();
    decoder.backward(dout.data(), demb.data(), dmemory.data(), &dinit);

    const std::vector<float> length_values(lengths.begin(), lengths.end());
    const std::vector<int64_t> es{T, N, E}, ms{S, N, M}, ss{L, N, H}, os{T, N, H}, as{T, N, S}, ls{N};
    std::vector<io::TensorRef> extra = {{"emb", es, emb.data()},          {"memory", ms, memory.data()},
                                        {"lengths", ls, length_values.data()}, {"h0", ss, init.h.data()},
                                        {"out", os, out.data()},          {"align", as, align.data()},
                                        {"dout", os, dout.data()},        {"grad.emb", es, demb.data()},
                                        {"grad.memory", ms, dmemory.data()}, {"grad.h0", ss, dinit.h.data()}};
    if (lstm) {
      extra.push_back({"c0", ss, init.c.data()});
      extra.push_back({"grad.c0", ss, dinit.c.data()});
    }
    for (const auto& v : params.views())
      extra.push_back({"grad." + v.name, v.shape, params.grads().data() + v.offset});
    io::Checkpoint::save(argv[1], params, extra, {{"kind", "attention-parity"}, {"attention", argv[2]}});
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "lstmkit_attention_dump: " << e.what() << "\n";
    return 1;
  }
}
