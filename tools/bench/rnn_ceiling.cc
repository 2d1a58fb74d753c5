// The oneDNN primitive ceiling for run.sh's rows: oneDNN 2.6.3's LSTM primitives alone, one per layer as
// lstmkit builds them (src/nn/rnn_primitives.cc: tnc data, ldnc states, f32 c, bias and diffs, weights
// in the layout the primitive picks, reordered once), timed forward + backward (train) or forward
// inference (infer) on random data, with nothing else: no data, no head, no loss, no optimiser, no
// weight reorders, no zeroing of the diff weights. In bf16 the first layer's input is padded to a
// multiple of 32, as lstmkit pads it. lstmkit's rate divided by this one is its share of the ceiling.
// Wall time (lstmkit's rates are wall time too), the middle of REPEATS timings after three untimed calls,
// each timing the mean of enough consecutive calls to last 50 ms.
// Not built by CMake; tools/bench/run.sh builds it (only oneDNN and OpenMP are needed):
//   g++ -O2 -std=c++20 tools/bench/rnn_ceiling.cc -ldnnl -fopenmp -o /tmp/rnn_ceiling
//   /tmp/rnn_ceiling [--threads N] [--repeats R] [--precision f32|bf16] T,N,I,H,L,train|infer ...
// Prints one CSV line per shape: T,N,I,H,L,mode,tokens_per_s,gflops (FLOPs of the unpadded shapes:
// 2·T·N·4H·(I_k + H) per layer forward, three times that for forward + backward). bf16 on a CPU
// without native bf16 (AVX512-BF16 or AMX) prints nothing and exits 3: oneDNN 2.6.3's bf16 RNN crashes.
#include <immintrin.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

namespace {

using dnnl::memory;
using dt = memory::data_type;
using tag = memory::format_tag;

struct Spec {
  int T, N, I, H, L;
  bool train;
};

// Random values in [-0.5, 0.5) into a memory of `desc`, through a plain f32 memory of `plain` and a
// reorder (which also converts to bf16 and packs weights).
void fill(memory m, const memory::desc& plain, const dnnl::engine& engine, dnnl::stream& stream,
          std::mt19937& gen) {
  memory source(plain, engine);
  auto* p = static_cast<float*>(source.get_data_handle());
  std::uniform_real_distribution<float> u(-0.5f, 0.5f);
  for (size_t i = 0; i < plain.get_size() / sizeof(float); ++i) p[i] = u(gen);
  dnnl::reorder(source, m).execute(stream, source, m);
  stream.wait();
}

// One layer's primitives and memories.
struct Layer {
  dnnl::lstm_forward forward;
  dnnl::lstm_backward backward;
  std::unordered_map<int, memory> fwd_args, bwd_args;
  memory diff_w_layer, diff_w_iter, diff_bias;
};

Layer make_layer(const Spec& s, int I, dt data, const dnnl::engine& engine, dnnl::stream& stream, std::mt19937& gen) {
  const memory::dim T = s.T, N = s.N, H = s.H;
  auto seq = [&](memory::dim C, dt type) { return memory::desc({T, N, C}, type, tag::tnc); };
  auto state = [&](dt type) { return memory::desc({1, 1, N, H}, type, tag::ldnc); };
  auto weights = [&](memory::dim C, dt type) { return memory::desc({1, 1, C, 4, H}, type, tag::any); };
  const memory::desc bias({1, 1, 4, H}, dt::f32, tag::ldgo), c = state(dt::f32);
  const auto kind = s.train ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
  const auto dir = dnnl::rnn_direction::unidirectional_left2right;
  dnnl::lstm_forward::primitive_desc fwd(
      dnnl::lstm_forward::desc(kind, dir, seq(I, data), state(data), c, weights(I, data), weights(H, data), bias,
                               seq(H, data), state(data), c),
      engine);
  Layer l;
  l.forward = dnnl::lstm_forward(fwd);
  auto make = [&](const memory::desc& d) { return memory(d, engine); };
  auto random = [&](const memory::desc& d, const memory::desc& plain) {
    memory m = make(d);
    fill(m, plain, engine, stream, gen);
    return m;
  };
  const memory src = random(fwd.src_desc(), seq(I, dt::f32)), h0 = random(fwd.src_iter_desc(), state(dt::f32)),
               c0 = random(c, c), wl = random(fwd.weights_layer_desc(), memory::desc({1, 1, I, 4, H}, dt::f32, tag::ldigo)),
               wi = random(fwd.weights_iter_desc(), memory::desc({1, 1, H, 4, H}, dt::f32, tag::ldigo)),
               b = random(bias, bias), dst = make(fwd.dst_desc()), hT = make(fwd.dst_iter_desc()), cT = make(c);
  l.fwd_args = {{DNNL_ARG_SRC_LAYER, src}, {DNNL_ARG_SRC_ITER, h0},    {DNNL_ARG_SRC_ITER_C, c0},
                {DNNL_ARG_WEIGHTS_LAYER, wl}, {DNNL_ARG_WEIGHTS_ITER, wi}, {DNNL_ARG_BIAS, b},
                {DNNL_ARG_DST_LAYER, dst}, {DNNL_ARG_DST_ITER, hT},    {DNNL_ARG_DST_ITER_C, cT}};
  if (!s.train) return l;
  const memory workspace = make(fwd.workspace_desc());
  l.fwd_args[DNNL_ARG_WORKSPACE] = workspace;
  dnnl::lstm_backward::primitive_desc bwd(
      dnnl::lstm_backward::desc(dnnl::prop_kind::backward, dir, seq(I, data), state(data), c, weights(I, data),
                                weights(H, data), bias, seq(H, data), state(data), c, seq(I, dt::f32),
                                state(dt::f32), c, weights(I, dt::f32), weights(H, dt::f32), bias, seq(H, dt::f32),
                                state(dt::f32), c),
      engine, fwd);
  l.backward = dnnl::lstm_backward(bwd);
  // The backward primitive may want the weights in another layout than the forward one.
  const memory bwl = random(bwd.weights_layer_desc(), memory::desc({1, 1, I, 4, H}, dt::f32, tag::ldigo)),
               bwi = random(bwd.weights_iter_desc(), memory::desc({1, 1, H, 4, H}, dt::f32, tag::ldigo));
  l.diff_w_layer = make(bwd.diff_weights_layer_desc());
  l.diff_w_iter = make(bwd.diff_weights_iter_desc());
  l.diff_bias = make(bwd.diff_bias_desc());
  l.bwd_args = {{DNNL_ARG_SRC_LAYER, src},  {DNNL_ARG_SRC_ITER, h0},  {DNNL_ARG_SRC_ITER_C, c0},
                {DNNL_ARG_WEIGHTS_LAYER, bwl}, {DNNL_ARG_WEIGHTS_ITER, bwi}, {DNNL_ARG_BIAS, b},
                {DNNL_ARG_DST_LAYER, dst},  {DNNL_ARG_DST_ITER, hT},  {DNNL_ARG_DST_ITER_C, cT},
                {DNNL_ARG_WORKSPACE, workspace},
                {DNNL_ARG_DIFF_SRC_LAYER, make(bwd.diff_src_desc())},
                {DNNL_ARG_DIFF_SRC_ITER, make(bwd.diff_src_iter_desc())},
                {DNNL_ARG_DIFF_SRC_ITER_C, make(c)},
                {DNNL_ARG_DIFF_WEIGHTS_LAYER, l.diff_w_layer},
                {DNNL_ARG_DIFF_WEIGHTS_ITER, l.diff_w_iter},
                {DNNL_ARG_DIFF_BIAS, l.diff_bias},
                {DNNL_ARG_DIFF_DST_LAYER, random(bwd.diff_dst_desc(), seq(H, dt::f32))},
                {DNNL_ARG_DIFF_DST_ITER, random(bwd.diff_dst_iter_desc(), state(dt::f32))},
                {DNNL_ARG_DIFF_DST_ITER_C, random(c, c)}};
  return l;
}

void zero(const memory& m) { std::memset(m.get_data_handle(), 0, m.get_desc().get_size()); }

// Seconds of one call of the whole stack, every layer's primitives back to back.
double one_call(std::vector<Layer>& layers, bool train, dnnl::stream& stream) {
  double seconds = 0.0;
  for (Layer& l : layers) {
    if (train)
      for (const memory& m : {l.diff_w_layer, l.diff_w_iter, l.diff_bias}) zero(m);
    const auto start = std::chrono::steady_clock::now();
    l.forward.execute(stream, l.fwd_args);
    if (train) l.backward.execute(stream, l.bwd_args);
    stream.wait();
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return seconds;
}

// Seconds per call of the whole stack: the middle of `repeats` timings, each the mean of as many
// consecutive calls as fill kMinRepeatSeconds. A batch-1 step takes a tenth of a millisecond: five
// single calls after one warm-up read 15-20% below steady back-to-back calls (2x512 f32 on a 2-core EPYC:
// 6.5-7.0k against 7.7-8.0k steps/s, three runs each) and varied enough to land below lstmkit's own
// sampling loop, which made the "ceiling" read over 100%.
constexpr double kMinRepeatSeconds = 0.05;

double seconds_per_call(const Spec& s, dt data, int repeats, const dnnl::engine& engine) {
  dnnl::stream stream(engine);
  std::mt19937 gen(1);
  std::vector<Layer> layers;
  for (int k = 0; k < s.L; ++k) {
    const int I = k == 0 ? s.I : s.H;
    layers.push_back(make_layer(s, data == dt::bf16 && k == 0 ? (I + 31) / 32 * 32 : I, data, engine, stream, gen));
  }
  // The first calls warm the caches and oneDNN's scratchpads, and tell how many calls one timing needs.
  double warm = 0.0;
  for (int i = 0; i < 3; ++i) warm = one_call(layers, s.train, stream);
  const int calls = std::max(1, static_cast<int>(kMinRepeatSeconds / std::max(warm, 1e-7)));
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    double seconds = 0.0;
    for (int i = 0; i < calls; ++i) seconds += one_call(layers, s.train, stream);
    times.push_back(seconds / calls);
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

bool parse(const std::string& text, Spec& s) {
  char mode[16] = {};
  if (std::sscanf(text.c_str(), "%d,%d,%d,%d,%d,%15s", &s.T, &s.N, &s.I, &s.H, &s.L, mode) != 6) return false;
  s.train = std::string(mode) == "train";
  return (s.train || std::string(mode) == "infer") && s.T > 0 && s.N > 0 && s.I > 0 && s.H > 0 && s.L > 0;
}

}  // namespace

int main(int argc, char** argv) try {
  int threads = 1, repeats = 5;
  dt data = dt::f32;
  std::vector<Spec> specs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool option = arg.rfind("--", 0) == 0;
    if (option && i + 1 >= argc) {
      std::fprintf(stderr, "rnn_ceiling: %s needs a value\n", arg.c_str());
      return 2;
    }
    Spec s{};
    if (arg == "--threads") threads = std::atoi(argv[++i]);
    else if (arg == "--repeats") repeats = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--precision") data = std::string(argv[++i]) == "bf16" ? dt::bf16 : dt::f32;
    else if (!option && parse(arg, s)) specs.push_back(s);
    else {
      std::fprintf(stderr, "rnn_ceiling: '%s' is not an option or T,N,I,H,L,train|infer; see the file's header\n",
                   arg.c_str());
      return 2;
    }
  }
  const dnnl::cpu_isa isa = dnnl::get_effective_cpu_isa();
  if (data == dt::bf16 && isa != dnnl::cpu_isa::avx512_core_bf16 && isa != dnnl::cpu_isa::avx512_core_amx) return 3;
  if (threads > 0) omp_set_num_threads(threads);
  // Flush-to-zero and denormals-are-zero on every math thread, as lstmkit sets them (oneDNN issue #561).
#pragma omp parallel
  _mm_setcsr(_mm_getcsr() | 0x8040);
  const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  for (const Spec& s : specs) {
    const double seconds = seconds_per_call(s, data, repeats, engine);
    double flops = 0.0;
    for (int k = 0; k < s.L; ++k) flops += 2.0 * s.T * s.N * 4.0 * s.H * ((k == 0 ? s.I : s.H) + s.H);
    if (s.train) flops *= 3.0;
    std::printf("%d,%d,%d,%d,%d,%s,%.1f,%.1f\n", s.T, s.N, s.I, s.H, s.L, s.train ? "train" : "infer",
                static_cast<double>(s.T) * s.N / seconds, flops / seconds / 1e9);
  }
} catch (const dnnl::error& e) {
  std::fprintf(stderr, "rnn_ceiling: oneDNN: %s\n", e.what());
  return 1;
}
