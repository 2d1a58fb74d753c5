// A stack's backward says when each layer's gradients are final (nn::Parameters' listener), so a
// data-parallel run can send the top layers' gradients while the lower layers' backward still runs: the
// top layer first, each layer once all its tensors (both directions) are done, everything by the end;
// and the step-by-step path, whose weights' backward runs once per time step, says nothing.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/nn/recurrent.h"
#include "lstmkit/nn/recurrent_steps.h"
#include "support/compare.h"

namespace lstmkit::testing {
namespace {

struct Recorder : nn::GradientListener {
  std::vector<std::pair<size_t, size_t>> finals;  // (offset, size) in the order announced
  void backward_started(int64_t) override {}
  void gradients_final(size_t offset, size_t size) override { finals.emplace_back(offset, size); }
};

constexpr int T = 4, N = 2, I = 3, H = 5, L = 3;

// An LSTM stack with random weights whose parameters report to `recorder`, a step begun (no gradient final).
struct AnnouncingStack {
  nn::Parameters params;
  nn::Recurrent rnn;
  Recorder recorder;
  Rng rng;

  AnnouncingStack(bool bidirectional, uint64_t seed)
      : rnn(params, "rnn", nn::RecurrentConfig{nn::CellKind::lstm, I, H, L, 0.0f, nn::Precision::f32, bidirectional}),
        rng(seed) {
    for (float& v : params.values()) v = rng.uniform(-0.3f, 0.3f);
    params.mark_updated();
    params.set_listener(&recorder);
    params.zero_grads();
  }
  ~AnnouncingStack() { params.set_listener(nullptr); }
};

// Position in `finals` of the tensor named `name`; -1 if never announced.
int announced_at(const Recorder& r, const nn::Parameters& params, const std::string& name) {
  const nn::ParamView& v = params.view(params.find(name));
  for (size_t i = 0; i < r.finals.size(); ++i)
    if (r.finals[i] == std::make_pair(v.offset, v.size)) return static_cast<int>(i);
  return -1;
}

class RecurrentAnnounce : public ::testing::TestWithParam<bool> {};

TEST_P(RecurrentAnnounce, EachLayerIsFinalTopDownOnceItsBackwardEnds) {
  const bool bidirectional = GetParam();
  AnnouncingStack stack(bidirectional, 3);
  auto& [params, rnn, recorder, rng] = stack;
  const int D = bidirectional ? 2 : 1;
  const auto x = random_floats(static_cast<size_t>(T) * N * I, rng);
  const auto dy = random_floats(static_cast<size_t>(T) * N * D * H, rng);
  std::vector<float> y(dy.size());
  Rng dropout_rng(1);
  rnn.forward_training(T, N, x.data(), nullptr, y.data(), nullptr, dropout_rng);
  EXPECT_TRUE(recorder.finals.empty()) << "nothing is final before backward";
  rnn.backward(dy.data(), nullptr, nullptr, nullptr);

  ASSERT_EQ(recorder.finals.size(), static_cast<size_t>(4 * L * D)) << "every tensor, once";
  const char* suffixes[] = {"", "_reverse"};
  for (int k = 0; k < L; ++k)
    for (int d = 0; d < D; ++d)
      for (const char* tensor : {"weight_ih_l", "weight_hh_l", "bias_ih_l", "bias_hh_l"}) {
        const std::string name = "rnn." + std::string(tensor) + std::to_string(k) + suffixes[d];
        const int at = announced_at(recorder, params, name);
        ASSERT_GE(at, 0) << name << " never announced";
        // Layer k's tensors come after every tensor of the layers above and before those below.
        EXPECT_GE(at, 4 * D * (L - 1 - k)) << name;
        EXPECT_LT(at, 4 * D * (L - k)) << name;
      }
}

INSTANTIATE_TEST_SUITE_P(Directions, RecurrentAnnounce, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "bidirectional" : "forward"; });

TEST(RecurrentAnnounce, StepByStepBackwardAnnouncesNothing) {
  AnnouncingStack stack(false, 4);
  auto& [params, rnn, recorder, rng] = stack;
  const auto x = random_floats(static_cast<size_t>(T) * N * I, rng);
  const auto dy = random_floats(static_cast<size_t>(T) * N * H, rng);
  std::vector<float> y(dy.size()), dx(x.size());
  Rng dropout_rng(1);
  nn::RecurrentSteps steps(rnn);
  steps.begin(N, nullptr);
  const size_t NI = static_cast<size_t>(N) * I, NH = static_cast<size_t>(N) * H;
  for (int t = 0; t < T; ++t) steps.forward(x.data() + t * NI, y.data() + t * NH, dropout_rng);
  steps.begin_backward(nullptr);
  for (int t = T - 1; t >= 0; --t) steps.backward(dy.data() + t * NH, dx.data() + t * NI);
  EXPECT_TRUE(recorder.finals.empty()) << "the same weights' backward ran once per step: none is final until the model says";
}

}  // namespace
}  // namespace lstmkit::testing
