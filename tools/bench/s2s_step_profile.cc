// Where one training step of the attention translator spends its time: the layers of train-s2s's default
// model (bidirectional LSTM encoder, input-feeding LSTM decoder with Luong attention, head) called one by
// one on a synthetic batch, each timed in CPU time of the calling thread (a shared machine's other load
// does not count), then the decoder's two parts alone: its recurrent steps and its attention.
// Not built by CMake; against a build's library (one thread, as oneDNN runs with OMP_NUM_THREADS=1):
//   g++ -O2 -std=c++20 -Iinclude tools/bench/s2s_step_profile.cc build/liblstmkit.a -ldnnl -fopenmp -o /tmp/profile
//   OMP_NUM_THREADS=1 /tmp/profile [REPEATS] [bf16]
// tools/bench/torch_s2s_step.py times the PyTorch peer on the same shapes.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "lstmkit/nn/attention_decoder.h"
#include "lstmkit/nn/dense.h"
#include "lstmkit/nn/loss.h"
#include "lstmkit/nn/parameters.h"
#include "lstmkit/nn/recurrent.h"
#include "lstmkit/nn/recurrent_steps.h"
#include "lstmkit/rng.h"

using namespace lstmkit;
using namespace lstmkit::nn;

namespace {

double cpu_ms() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// Tatoeba's characters: sources of 30 and targets of 35 tokens, batch 64, about 100 distinct characters.
constexpr int Ts = 30, Tt = 35, N = 64, E = 256, H = 256, M = 2 * H, V = 100;

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::atoi(argv[1]) : 5;
  const Precision precision = argc > 2 && std::string(argv[2]) == "bf16" ? Precision::bf16 : Precision::f32;
  Parameters params;
  Recurrent encoder(params, "encoder.rnn", {CellKind::lstm, E, H, 1, 0.0f, precision, true});
  AttentionDecoder decoder(params, "decoder", {CellKind::lstm, E, H, 1, M, AttentionKind::luong, 0.2f, precision});
  Dense head(params, "head", H, V);
  Rng rng(1);
  encoder.initialize(InitScheme::torch, rng);
  decoder.initialize(InitScheme::torch, rng);
  head.initialize(InitScheme::torch, rng);
  auto random = [&](size_t n) {
    std::vector<float> v(n);
    for (float& x : v) x = rng.uniform(-0.5f, 0.5f);
    return v;
  };
  const std::vector<float> xs = random(Ts * N * E), xt = random(Tt * N * E);
  std::vector<float> memory(Ts * N * M), y(Tt * N * H), logits(Tt * N * V), dlogits(Tt * N * V), dy(Tt * N * H),
      dmemory(Ts * N * M), dxt(Tt * N * E), dxs(Ts * N * E);
  const std::vector<int> lengths(N, Ts);
  std::vector<int32_t> targets(Tt * N);
  for (int32_t& t : targets) t = 4 + static_cast<int32_t>(rng.uniform() * (V - 4));
  RecurrentState encoded, dinit;

  const char* names[] = {"encoder forward", "decoder forward", "head forward", "loss", "head backward",
                         "decoder backward", "encoder backward"};
  double total[7] = {};
  for (int r = 0; r <= reps; ++r) {  // the first round builds the primitives and is not counted
    double t[8];
    t[0] = cpu_ms();
    encoder.forward_training(Ts, N, xs.data(), nullptr, memory.data(), &encoded, rng);
    t[1] = cpu_ms();
    const RecurrentState init{{encoded.h.begin(), encoded.h.begin() + N * H}, {encoded.c.begin(), encoded.c.begin() + N * H}};
    decoder.forward_training(Tt, N, xt.data(), Ts, memory.data(), lengths.data(), &init, y.data(), nullptr, rng);
    t[2] = cpu_ms();
    head.forward(Tt * N, y.data(), logits.data());
    t[3] = cpu_ms();
    softmax_cross_entropy(Tt * N, V, logits.data(), targets.data(), dlogits.data(), 0);
    t[4] = cpu_ms();
    head.backward(Tt * N, y.data(), dlogits.data(), dy.data());
    t[5] = cpu_ms();
    decoder.backward(dy.data(), dxt.data(), dmemory.data(), &dinit);
    t[6] = cpu_ms();
    encoder.backward(dmemory.data(), nullptr, dxs.data(), nullptr);
    t[7] = cpu_ms();
    if (r > 0)
      for (int i = 0; i < 7; ++i) total[i] += t[i + 1] - t[i];
  }
  double sum = 0.0;
  std::printf("CPU ms per training step (T_s %d, T_t %d, N %d, E %d, H %d, V %d, %s):\n", Ts, Tt, N, E, H, V,
              precision == Precision::bf16 ? "bf16" : "f32");
  for (int i = 0; i < 7; ++i) {
    std::printf("  %-17s %7.1f\n", names[i], total[i] / reps);
    sum += total[i] / reps;
  }
  std::printf("  %-17s %7.1f\n", "total", sum);

  // The decoder's parts alone on the same shapes: T_t steps of N rows each.
  GlobalAttention& attention = decoder.attention();
  const std::vector<float> h = random(Tt * N * H);
  std::vector<float> out(Tt * N * H), align(Tt * N * Ts), context(Tt * N * M), dh(Tt * N * H);
  double attention_fwd = 0.0, attention_bwd = 0.0, steps_fwd = 0.0, steps_bwd = 0.0;
  RecurrentSteps steps(decoder.rnn());
  const std::vector<float> x = random(static_cast<size_t>(N) * (E + H));
  std::vector<float> ystep(N * H), dx(static_cast<size_t>(N) * (E + H));
  for (int r = 0; r < reps; ++r) {
    attention.set_memory(Ts, N, memory.data(), lengths.data());
    double a = cpu_ms();
    for (int t = 0; t < Tt; ++t)
      attention.forward(N, h.data() + t * N * H, out.data() + t * N * H, align.data() + t * N * Ts, context.data() + t * N * M);
    double b = cpu_ms();
    for (int t = Tt - 1; t >= 0; --t)
      attention.backward(N, h.data() + t * N * H, align.data() + t * N * Ts, context.data() + t * N * M,
                         out.data() + t * N * H, dy.data() + t * N * H, dh.data() + t * N * H);
    double c = cpu_ms();
    attention_fwd += b - a, attention_bwd += c - b;
    a = cpu_ms();
    steps.begin(N, nullptr);
    for (int t = 0; t < Tt; ++t) steps.forward(x.data(), ystep.data(), rng);
    b = cpu_ms();
    steps.begin_backward(nullptr);
    for (int t = 0; t < Tt; ++t) steps.backward(dy.data() + t * N * H, dx.data());
    c = cpu_ms();
    steps_fwd += b - a, steps_bwd += c - b;
  }
  std::printf("  of the decoder: attention forward %.1f, backward %.1f; recurrent steps forward %.1f, backward %.1f\n",
              attention_fwd / reps, attention_bwd / reps, steps_fwd / reps, steps_bwd / reps);
}
