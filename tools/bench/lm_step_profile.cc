// Where a character language model's time goes: one training step of train-lm's model (one-hot input,
// two LSTM layers, Dense head, softmax cross-entropy, global-norm clipping, Adam) and one batch-1
// sampling step, part by part, on the layers train-lm composes (each LSTM layer a Recurrent of its own,
// so that the two primitives are timed apart). Times are CPU time of the process — of the math threads —
// so that other load on a shared machine counts as little as it can; each figure is the middle of
// three runs of REPEATS steps. Weight reorders (and bf16 weight conversions), which a layer does on
// the first call after each optimiser update, are the difference between steps after an update and
// steps without one: the layers' rows below are without them.
// Not built by CMake; tools/bench/run.sh --profile builds and runs it, or against a build's library:
//   g++ -O2 -std=c++20 -Iinclude tools/bench/lm_step_profile.cc build/liblstmkit.a -ldnnl -fopenmp -o /tmp/lm_profile
//   /tmp/lm_profile [--threads N] [--repeats R] [--precision f32|bf16] [--shape T,N,H]... [--sample H]
// Defaults: one thread, 5 repeats, f32, run.sh's shapes (T 50 N 50 H 128; T 100 N 64 H 256 and 512),
// sampling at H 512.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "lstmkit/data/lm_batches.h"
#include "lstmkit/error.h"
#include "lstmkit/infer/sampler.h"
#include "lstmkit/models/token_input.h"
#include "lstmkit/nn/dense.h"
#include "lstmkit/nn/loss.h"
#include "lstmkit/nn/math_threads.h"
#include "lstmkit/nn/parameters.h"
#include "lstmkit/nn/precision.h"
#include "lstmkit/nn/recurrent.h"
#include "lstmkit/optim/clip.h"
#include "lstmkit/optim/optimizer.h"
#include "lstmkit/rng.h"

using namespace lstmkit;

namespace {

constexpr int V = 65;  // tiny Shakespeare's characters and the four specials

double cpu_ms() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Shape {
  int T, N, H;
};

// One table: named parts, each timed per step and kept per run; printed as the middle run's figure.
class Profile {
 public:
  explicit Profile(std::vector<std::string> parts) : names_(std::move(parts)), runs_(names_.size()) {}
  void add(size_t part, double ms) { current_[part] += ms; }
  void begin_run() { current_.assign(names_.size(), 0.0); }
  void end_run(int steps) {
    for (size_t i = 0; i < names_.size(); ++i) runs_[i].push_back(current_[i] / steps);
  }
  double middle(size_t part) const {
    std::vector<double> r = runs_[part];
    std::sort(r.begin(), r.end());
    return r[r.size() / 2];
  }
  double total() const {
    double sum = 0.0;
    for (size_t i = 0; i < names_.size(); ++i) sum += std::max(0.0, middle(i));
    return sum;
  }
  void print(const char* unit) const {
    const double sum = total();
    std::printf("| part | %s | share |\n|---|---:|---:|\n", unit);
    for (size_t i = 0; i < names_.size(); ++i)
      std::printf("| %s | %.3f | %.1f%% |\n", names_[i].c_str(), std::max(0.0, middle(i)),
                  100.0 * std::max(0.0, middle(i)) / sum);
    std::printf("| **total** | **%.3f** | 100%% |\n", sum);
  }

 private:
  std::vector<std::string> names_;
  std::vector<std::vector<double>> runs_;  // [part][run] ms per step
  std::vector<double> current_;
};

// train-lm's model for one shape, as separate layers on one Parameters.
struct CharLm {
  nn::Parameters params;
  nn::Recurrent layer0, layer1;
  nn::Dense head;
  models::TokenInput input;
  CharLm(int H, nn::Precision precision)
      : layer0(params, "rnn0", {nn::CellKind::lstm, V, H, 1, 0.0f, precision}),
        layer1(params, "rnn1", {nn::CellKind::lstm, H, H, 1, 0.0f, precision}),
        head(params, "head", H, V, precision),
        input(params, "embed", V, 0) {
    Rng rng(1);
    layer0.initialize(nn::InitScheme::torch, rng);
    layer1.initialize(nn::InitScheme::torch, rng);
    head.initialize(nn::InitScheme::torch, rng);
  }
};

std::vector<int32_t> random_tokens(size_t n, Rng& rng) {
  std::vector<int32_t> ids(n);
  for (int32_t& id : ids) id = 4 + static_cast<int32_t>(rng.uniform() * (V - 4)) % (V - 4);
  return ids;
}

// FLOPs of one LSTM layer's forward: two GEMMs into G·H = 4H gate rows. Its backward is twice that (the
// input and the weight gradients).
double lstm_flops(const Shape& s, int I) { return 2.0 * s.T * s.N * 4.0 * s.H * (I + s.H); }

void train_profile(const Shape& s, nn::Precision precision, int repeats) {
  CharLm m(s.H, precision);
  Rng rng(2);
  const data::LmBatches batches(random_tokens(static_cast<size_t>(s.T) * s.N * 4 + 1, rng), s.N, s.T);
  auto optimizer = optim::make_optimizer(optim::default_config(optim::OptimizerKind::adam, optim::Defaults::torch));
  const size_t rows = static_cast<size_t>(s.T) * s.N;
  std::vector<float> y0(rows * s.H), y1(rows * s.H), logits(rows * V), dlogits(rows * V), dy1(rows * s.H),
      dy0(rows * s.H);
  nn::RecurrentState state0, state1, final0, final1;
  data::LmBatch batch;
  enum { kBatch, kOneHot, kF0, kF1, kHeadF, kLoss, kHeadB, kB1, kB0, kReorder, kClip, kAdam };
  Profile profile({"batching (LmBatches::fill)", "one-hot input [T, N, V]", "LSTM layer 0 forward (I = V)",
                   "LSTM layer 1 forward (I = H)", "head forward GEMM", "softmax + cross-entropy",
                   "head backward GEMMs", "LSTM layer 1 backward", "LSTM layer 0 backward",
                   "weight reorders / bf16 weight copies", "gradient clipping", "Adam update"});
  // After each update, the layers bring their weight copies up to date on their first call. A T = 1 call
  // of every layer (the same weight layouts: they depend on the widths, not on T) does that work, timed
  // once after the update and once more without it; the difference is the reorders' time, and the
  // step that follows is timed without them.
  std::vector<float> x1(static_cast<size_t>(s.N) * V, 0.0f), h1(static_cast<size_t>(s.N) * s.H), h2(h1.size()),
      g1(h1.size(), 0.0f), d1(h1.size()), l1(static_cast<size_t>(s.N) * V), dl1(l1.size(), 0.0f);
  auto bring_up_to_date = [&] {
    const double a = cpu_ms();
    m.layer0.forward_training(1, s.N, x1.data(), nullptr, h1.data(), nullptr, rng);
    m.layer0.backward(g1.data(), nullptr, nullptr, nullptr);
    m.layer1.forward_training(1, s.N, h1.data(), nullptr, h2.data(), nullptr, rng);
    m.layer1.backward(g1.data(), nullptr, nullptr, nullptr);
    m.head.forward(s.N, h2.data(), l1.data());
    m.head.backward(s.N, h2.data(), dl1.data(), d1.data());
    return cpu_ms() - a;
  };
  auto reorders = [&] { return m.layer0.stats().weight_reorders + m.layer1.stats().weight_reorders; };
  uint64_t reorders_in_steps = 0;  // must stay 0: else the T = 1 calls did not share the step's layouts
  auto step = [&](bool count) {
    const uint64_t before = reorders();
    double t[10];
    t[0] = cpu_ms();
    batches.fill(0, batch);
    t[1] = cpu_ms();
    const float* x = m.input.forward(s.T, s.N, batch.inputs.data());
    t[2] = cpu_ms();
    m.layer0.forward_training(s.T, s.N, x, &state0, y0.data(), &final0, rng);
    t[3] = cpu_ms();
    m.layer1.forward_training(s.T, s.N, y0.data(), &state1, y1.data(), &final1, rng);
    t[4] = cpu_ms();
    m.head.forward(static_cast<int>(rows), y1.data(), logits.data());
    t[5] = cpu_ms();
    nn::softmax_cross_entropy(static_cast<int>(rows), V, logits.data(), batch.targets.data(), dlogits.data());
    t[6] = cpu_ms();
    m.head.backward(static_cast<int>(rows), y1.data(), dlogits.data(), dy1.data());
    t[7] = cpu_ms();
    m.layer1.backward(dy1.data(), nullptr, dy0.data(), nullptr);
    t[8] = cpu_ms();
    m.layer0.backward(dy0.data(), nullptr, nullptr, nullptr);
    t[9] = cpu_ms();
    reorders_in_steps += reorders() - before;
    const double a = cpu_ms();
    optim::clip_grad_norm(m.params, 5.0);
    const double b = cpu_ms();
    optimizer->step(m.params, 2e-3);
    const double c = cpu_ms();
    m.params.zero_grads();
    const double after_update = bring_up_to_date();
    const double again = bring_up_to_date();
    m.params.zero_grads();
    if (!count) return;
    for (int p = kBatch; p <= kB0; ++p) profile.add(p, t[p + 1] - t[p]);
    profile.add(kClip, b - a);
    profile.add(kAdam, c - b);
    profile.add(kReorder, after_update - again);
  };
  step(false);  // builds the primitives
  step(false);
  reorders_in_steps = 0;
  for (int run = 0; run < 3; ++run) {
    profile.begin_run();
    for (int r = 0; r < repeats; ++r) step(true);
    profile.end_run(repeats);
  }
  if (reorders_in_steps > 0)
    std::printf("note: the step itself refreshed %llu weight copies: the reorder row misses them\n",
                static_cast<unsigned long long>(reorders_in_steps));
  const double primitive_ms = profile.middle(kF0) + profile.middle(kF1) + profile.middle(kB0) + profile.middle(kB1);
  const double flops = 3.0 * (lstm_flops(s, V) + lstm_flops(s, s.H));
  std::printf("\n### training step, 2×%d LSTM, T %d, N %d, V %d, %s: CPU ms per step (%.0f tokens)\n\n", s.H, s.T,
              s.N, V, nn::precision_name(precision).c_str(), static_cast<double>(rows));
  profile.print("CPU ms");
  std::printf("\nLSTM primitives (both layers, forward + backward): %.1f GFLOP/s; the step: %.0f tokens per CPU second\n",
              flops / primitive_ms / 1e6, rows / profile.total() * 1e3);
}

void sample_profile(int H, nn::Precision precision, int steps) {
  CharLm m(H, precision);
  Rng rng(3);
  infer::Sampler sampler({});
  std::vector<float> y0(H), y1(H), logits(V);
  nn::RecurrentState state0, state1;
  int32_t id = 10;
  enum { kInput, kL0, kL1, kHead, kSampler };
  Profile profile({"one-hot input", "LSTM layer 0 step (I = V)", "LSTM layer 1 step (I = H)",
                   "head GEMM (1 row)", "sampler (softmax, draw)"});
  auto step = [&](bool count) {
    double t[6];
    t[0] = cpu_ms();
    const float* x = m.input.forward(1, 1, &id);
    t[1] = cpu_ms();
    m.layer0.forward_inference(1, 1, x, &state0, y0.data(), &state0);
    t[2] = cpu_ms();
    m.layer1.forward_inference(1, 1, y0.data(), &state1, y1.data(), &state1);
    t[3] = cpu_ms();
    m.head.forward(1, y1.data(), logits.data());
    t[4] = cpu_ms();
    id = sampler.sample(logits, rng);
    t[5] = cpu_ms();
    if (count)
      for (int p = kInput; p <= kSampler; ++p) profile.add(p, t[p + 1] - t[p]);
  };
  for (int i = 0; i < 20; ++i) step(false);
  for (int run = 0; run < 3; ++run) {
    profile.begin_run();
    for (int i = 0; i < steps; ++i) step(true);
    profile.end_run(steps);
  }
  std::printf("\n### batch-1 sampling, 2×%d LSTM, V %d, %s: CPU ms per generated character\n\n", H, V,
              nn::precision_name(precision).c_str());
  profile.print("CPU ms");
  std::printf("\n%.0f characters per CPU second\n", 1e3 / profile.total());
}

Shape parse_shape(const std::string& text) {
  Shape s{};
  if (std::sscanf(text.c_str(), "%d,%d,%d", &s.T, &s.N, &s.H) != 3 || s.T < 1 || s.N < 1 || s.H < 1)
    throw UsageError("--shape", "'" + text + "' is not T,N,H", "give e.g. --shape 100,64,512");
  return s;
}

}  // namespace

int main(int argc, char** argv) try {
  int threads = 1, repeats = 5, sample_h = 512;
  nn::PrecisionRequest request = nn::PrecisionRequest::f32;
  std::vector<Shape> shapes;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) throw UsageError(arg, "needs a value", "see the header of tools/bench/lm_step_profile.cc");
    const std::string value = argv[++i];
    if (arg == "--threads") threads = std::atoi(value.c_str());
    else if (arg == "--repeats") repeats = std::max(1, std::atoi(value.c_str()));
    else if (arg == "--precision") request = nn::parse_precision(value);
    else if (arg == "--shape") shapes.push_back(parse_shape(value));
    else if (arg == "--sample") sample_h = std::atoi(value.c_str());
    else throw UsageError(arg, "unknown option", "see the header of tools/bench/lm_step_profile.cc");
  }
  if (shapes.empty()) shapes = {{50, 50, 128}, {100, 64, 256}, {100, 64, 512}};
  const nn::Precision precision = nn::resolve_precision(request);
  if (threads > 0) nn::set_math_threads(threads);
  std::printf("lm_step_profile: %s, oneDNN ISA %s, %d math thread(s), middle of 3 runs of %d steps\n",
              nn::precision_name(precision).c_str(), nn::cpu_isa_name().c_str(), nn::math_threads(), repeats);
  for (const Shape& s : shapes) train_profile(s, precision, repeats);
  if (sample_h > 0) sample_profile(sample_h, precision, 100 * repeats);
} catch (const std::exception& e) {
  std::fprintf(stderr, "lm_step_profile: error: %s\n", e.what());
  return 1;
}
