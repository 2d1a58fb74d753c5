// Batch-1 and decoding loops allocate nothing per step once warmed up (issue 12): this binary replaces
// the global operator new with one that counts its calls, and each test compares a short and a long run
// of the same loop after a first, warming call — any difference is an allocation made per step. oneDNN
// primitives and the layers' buffers are counted by nn::build_counts() in the same runs. Loops: language-
// model sampling (f32 and, where native, bf16), greedy and beam-search decoding of an attention
// translator, and the time-series model's closed-loop step (the loop's result vectors grow
// geometrically: a bounded number of allocations, not one per step).
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <new>
#include <string>
#include <vector>

#include "lstmkit/infer/beam_search.h"
#include "lstmkit/infer/forecaster.h"
#include "lstmkit/infer/greedy_decoder.h"
#include "lstmkit/infer/lm_generator.h"
#include "lstmkit/nn/build_counts.h"
#include "oneapi/dnnl/dnnl.h"
#include "models/ts_fixtures.h"
#include "support/tiny_language_model.h"

// The replaceable global allocation functions (C++ [new.delete]): the plain and array forms count and
// take their memory from malloc, the deletes give it back to free. The aligned forms stay the standard
// library's, paired with its own aligned deletes. A call is counted as oneDNN's when the code it returns
// to is in oneDNN's library: its dnnl_primitive_execute builds a hash map of the arguments at every call
// (oneDNN 2.6.3, src/common/primitive_iface.cpp), which no caller can avoid; everything else is ours.
namespace {
std::atomic<uint64_t> new_calls{0}, onednn_new_calls{0};

bool in_onednn(void* code) {
  static const void* const onednn = [] {
    Dl_info info{};
    return dladdr(reinterpret_cast<void*>(&dnnl_primitive_execute), &info) ? info.dli_fbase : nullptr;
  }();
  Dl_info info{};
  return onednn && dladdr(code, &info) && info.dli_fbase == onednn;
}

void* counted(std::size_t size, void* caller) noexcept {
  (in_onednn(caller) ? onednn_new_calls : new_calls).fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}

void* counted_or_throw(std::size_t size, void* caller) {
  if (void* p = counted(size, caller)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return counted_or_throw(size, __builtin_return_address(0)); }
void* operator new[](std::size_t size) { return counted_or_throw(size, __builtin_return_address(0)); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted(size, __builtin_return_address(0)); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted(size, __builtin_return_address(0));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace lstmkit {
namespace {

// What a run built: operator new calls (lstmkit's and oneDNN's own), oneDNN primitives and layer buffers.
struct Built {
  uint64_t allocations, onednn_allocations, primitives, buffers;
};

Built built_by(const std::function<void()>& run) {
  const nn::BuildCounts before = nn::build_counts();
  const uint64_t calls = new_calls.load(), onednn_calls = onednn_new_calls.load();
  run();
  const uint64_t allocations = new_calls.load() - calls, onednn_allocations = onednn_new_calls.load() - onednn_calls;
  const nn::BuildCounts after = nn::build_counts();
  return {allocations, onednn_allocations, after.primitives - before.primitives, after.buffers - before.buffers};
}

// `run(steps)` after a warming call: a long run builds exactly what a short one does. Prints oneDNN's
// own allocations per step, which are not lstmkit's to remove.
void expect_nothing_per_step(const std::function<void(int)>& run, int short_steps, int long_steps) {
  run(short_steps);
  const Built a = built_by([&] { run(short_steps); });
  const Built b = built_by([&] { run(long_steps); });
  const int extra = long_steps - short_steps;
  EXPECT_EQ(b.allocations, a.allocations) << "operator new calls in " << extra << " more steps";
  EXPECT_EQ(b.primitives, a.primitives) << "oneDNN primitives created in " << extra << " more steps";
  EXPECT_EQ(b.buffers, a.buffers) << "layer buffers (re)allocated in " << extra << " more steps";
  std::printf("oneDNN's own operator new calls (dnnl_primitive_execute's argument maps): %.1f per step\n",
              static_cast<double>(b.onednn_allocations - a.onednn_allocations) / extra);
}

TEST(CountingNew, SeesAllocations) {
  // The replacement is the one linked in, so a flat count below means something.
  const Built b = built_by([] { std::vector<int> v(1000); });
  EXPECT_EQ(b.allocations, 1u);
}

void expect_sampling_allocates_nothing_per_step(nn::Precision precision) {
  auto model = lstmkit::testing::tiny_language_model(precision);
  infer::SamplerOptions options;
  options.top_k = 5;
  options.top_p = 0.9;
  infer::LmGenerator generator(*model, options);
  const std::vector<int32_t> prime = infer::prime_ids(model->vocab(), "the ").ids;
  Rng rng(5);
  int64_t emitted = 0;
  const std::function<void(const std::string&)> sink = [&](const std::string&) { ++emitted; };
  expect_nothing_per_step([&](int steps) { generator.generate(prime, steps, rng, sink); }, 10, 300);
  EXPECT_EQ(emitted, 10 + 10 + 300);
}

TEST(StepAllocations, F32SamplingAllocatesNothingPerStep) {
  expect_sampling_allocates_nothing_per_step(nn::Precision::f32);
}

TEST(StepAllocations, Bf16SamplingAllocatesNothingPerStep) {
  if (!nn::has_native_bf16())
    GTEST_SKIP() << "oneDNN runs on " << nn::cpu_isa_name() << " here, without native bf16 (AVX512-BF16 or AMX)";
  expect_sampling_allocates_nothing_per_step(nn::Precision::bf16);
}

text::Vocab letters(const std::string& chars) {
  std::vector<std::string> tokens;
  for (char c : chars) tokens.emplace_back(1, c);
  return text::Vocab::build(text::TokenCounts(tokens), text::Unit::grapheme, text::Normalization::nfc);
}

// train-s2s's default model in miniature (Luong attention, bidirectional encoder, embeddings) whose
// head never picks </s>, so every sentence decodes to the length limit.
std::unique_ptr<models::Seq2Seq> translator() {
  models::S2sConfig c{{nn::CellKind::lstm, 8, 1, 0.0f}, true, 6};
  c.attention = nn::AttentionKind::luong;
  c.bidirectional = true;
  auto m = std::make_unique<models::Seq2Seq>(letters("abcd"), letters("wxyz"), c);
  Rng rng(3);
  m->initialize(nn::InitScheme::torch, rng);
  m->parameters().value(m->parameters().find("head.bias"))[text::kEosId] = -1e4f;
  m->parameters().mark_updated();
  return m;
}

// Three sources of five tokens, [T, N].
const std::vector<int32_t> kSources = {4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6};

TEST(StepAllocations, GreedyDecodingAllocatesNothingPerStep) {
  auto m = translator();
  expect_nothing_per_step([&](int steps) {
    const auto out = infer::greedy_decode(*m, 5, 3, kSources.data(), steps, 0.0, true);
    ASSERT_EQ(out[0].tokens.size(), static_cast<size_t>(steps));
  }, 10, 80);
}

TEST(StepAllocations, BeamSearchAllocatesNothingPerStep) {
  auto m = translator();
  infer::BeamOptions o;
  o.beam = 3;
  o.n_best = 2;
  o.alignments = true;
  expect_nothing_per_step([&](int steps) {
    const auto out = infer::beam_search(*m, 5, 3, kSources.data(), steps, o);
    ASSERT_EQ(out[0][0].tokens.size(), static_cast<size_t>(steps));
  }, 10, 80);
}

TEST(StepAllocations, ClosedLoopStepsAllocateNothing) {
  const models::TsData raw = models::testing::sine_data(120, 16);
  const models::TsSpec spec = models::testing::spec_for(raw, {8, 1, false});
  auto model = models::testing::new_model(raw, spec, 6);
  const models::TsData units = models::to_model_units(raw, spec, model->scaler());
  // The loop's step: the newest window [T, 1, F] through the model, the prediction appended as the next row.
  std::vector<float> history(units.series->columns[0].end() - 8, units.series->columns[0].end());
  history.reserve(8 + 200);
  float y = 0.0f;
  expect_nothing_per_step([&](int steps) {
    history.resize(8);
    for (int k = 0; k < steps; ++k) {
      model->predict(8, 1, history.data() + history.size() - 8, &y);
      history.push_back(y);
    }
  }, 10, 200);
  // infer::closed_loop itself grows its result vectors (rows, values, the history) as they fill, a few
  // times over a long forecast, never per step.
  const auto loop = [&](size_t steps) {
    return built_by([&] { ASSERT_EQ(infer::closed_loop_forecast(*model, *units.series, steps).size(), steps); });
  };
  loop(10);
  const uint64_t extra = loop(2000).allocations - loop(10).allocations;
  EXPECT_LT(extra, 100u) << "operator new calls in 1990 more closed-loop steps";
  std::printf("closed_loop: %llu more allocations for 1990 more steps\n", static_cast<unsigned long long>(extra));
}

}  // namespace
}  // namespace lstmkit
