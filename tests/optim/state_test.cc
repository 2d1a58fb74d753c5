#include "lstmkit/optim/state.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/nn/parameters.h"
#include "lstmkit/optim/optimizer.h"
#include "optim/optimizer_fixture.h"

namespace lstmkit::optim {
namespace {

const std::string kSource = "ckpt.safetensors";

constexpr double kLr = 0.01;  // the learning rate of every run here: resume is checked, not the rule

bool bit_identical(std::span<const float> a, std::span<const float> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
}

OptimizerConfig config_with(OptimizerKind kind, Defaults d, double momentum, bool nesterov, double weight_decay) {
  OptimizerConfig c = default_config(kind, d);
  c.momentum = momentum;
  c.nesterov = nesterov;
  c.weight_decay = weight_decay;
  return c;
}

// An Adam state after 3 steps, owned by the fixture so that tests can edit it.
class AdamImport : public ::testing::Test {
 protected:
  void SetUp() override {
    run_steps(*source_opt, params, 1, 3, kLr);
    state = source_opt->export_state(params);
  }
  nn::Parameters params = tiny_params();
  std::unique_ptr<Optimizer> source_opt = make_optimizer(default_config(OptimizerKind::adam));
  std::unique_ptr<Optimizer> target = make_optimizer(default_config(OptimizerKind::adam));
  OptimizerState state;

  void expect_rejected(const std::string& what_contains) {
    try {
      target->import_state(params, state, kSource);
      ADD_FAILURE() << "import succeeded";
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), kSource);
      EXPECT_NE(e.what_is_wrong().find(what_contains), std::string::npos) << e.what_is_wrong();
    }
    EXPECT_EQ(target->steps(), 0) << "a failed import must leave the optimizer unchanged";
  }
};

TEST(OptimizerState, AdamExportsNamedMomentsWithParameterShapes) {
  nn::Parameters p = tiny_params();
  auto opt = make_optimizer(default_config(OptimizerKind::adam));
  run_steps(*opt, p, 1, 3, kLr);
  const OptimizerState state = opt->export_state(p);
  EXPECT_EQ(state.scalars, (ScalarState{{"optimizer", "adam"}, {"step", "3"}}));
  ASSERT_EQ(state.tensors.size(), 4u);
  const char* names[] = {"optim.rnn.weight_ih_l0.m", "optim.rnn.weight_ih_l0.v", "optim.head.bias.m",
                         "optim.head.bias.v"};
  const std::vector<int64_t> shapes[] = {{2, 3}, {2, 3}, {2}, {2}};
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(state.tensors[k].name, names[k]);
    EXPECT_EQ(state.tensors[k].shape, shapes[k]);
    EXPECT_EQ(state.tensors[k].data.size(), k < 2 ? 6u : 2u);
  }
  EXPECT_GT(state.tensors[1].data[0], 0.0f) << "the second moment of a non-zero gradient is positive";
}

TEST(OptimizerState, SlotNamesOfEachOptimizer) {
  const struct {
    OptimizerConfig config;
    std::vector<std::string> names;
  } cases[] = {
      {config_with(OptimizerKind::sgd, Defaults::keras, 0.0, false, 0.0), {}},
      {config_with(OptimizerKind::sgd, Defaults::keras, 0.9, false, 0.0), {"optim.head.bias.momentum"}},
      {config_with(OptimizerKind::rmsprop, Defaults::keras, 0.0, false, 0.0), {"optim.head.bias.v"}},
      {config_with(OptimizerKind::rmsprop, Defaults::torch, 0.9, false, 0.0),
       {"optim.head.bias.v", "optim.head.bias.momentum"}},
  };
  for (const auto& c : cases) {
    nn::Parameters p;
    p.add("head.bias", {2});
    auto opt = make_optimizer(c.config);
    run_steps(*opt, p, 1, 1, kLr);
    std::vector<std::string> names;
    for (const StateTensor& t : opt->export_state(p).tensors) names.push_back(t.name);
    EXPECT_EQ(names, c.names) << opt->name();
  }
}

TEST(OptimizerState, ResumeIsBitIdenticalToAnUninterruptedRun) {
  const OptimizerConfig configs[] = {
      config_with(OptimizerKind::sgd, Defaults::keras, 0.0, false, 0.0),
      config_with(OptimizerKind::sgd, Defaults::keras, 0.9, true, 1e-3),
      config_with(OptimizerKind::rmsprop, Defaults::keras, 0.0, false, 0.0),
      config_with(OptimizerKind::rmsprop, Defaults::torch, 0.9, false, 1e-3),
      config_with(OptimizerKind::adam, Defaults::keras, 0.0, false, 0.0),
      config_with(OptimizerKind::adam, Defaults::torch, 0.0, false, 1e-3),
  };
  for (const OptimizerConfig& c : configs) {
    SCOPED_TRACE(std::string(to_string(c.kind)) + " momentum " + std::to_string(c.momentum));
    nn::Parameters straight = tiny_params();
    auto uninterrupted = make_optimizer(c);
    run_steps(*uninterrupted, straight, 1, 6, kLr);

    nn::Parameters first = tiny_params();
    auto before = make_optimizer(c);
    run_steps(*before, first, 1, 3, kLr);
    nn::Parameters resumed = first;  // the checkpoint's weights
    auto after = make_optimizer(c);
    after->import_state(resumed, before->export_state(first), kSource);
    EXPECT_EQ(after->steps(), 3);
    run_steps(*after, resumed, 4, 6, kLr);

    EXPECT_TRUE(bit_identical(resumed.values(), straight.values()));
    const OptimizerState a = after->export_state(resumed), b = uninterrupted->export_state(straight);
    EXPECT_EQ(a.scalars, b.scalars);
    ASSERT_EQ(a.tensors.size(), b.tensors.size());
    for (size_t k = 0; k < a.tensors.size(); ++k) EXPECT_TRUE(bit_identical(a.tensors[k].data, b.tensors[k].data));
  }
}

TEST(OptimizerState, FreshOptimizerExportsNoTensorsAndImportingThatResets) {
  nn::Parameters p = tiny_params();
  auto fresh = make_optimizer(default_config(OptimizerKind::adam));
  const OptimizerState empty = fresh->export_state(p);
  EXPECT_TRUE(empty.tensors.empty());
  EXPECT_EQ(empty.scalars.at("step"), "0");

  auto used = make_optimizer(default_config(OptimizerKind::adam));
  run_steps(*used, p, 1, 2, kLr);
  used->import_state(p, empty, kSource);
  EXPECT_EQ(used->steps(), 0);
  EXPECT_TRUE(used->export_state(p).tensors.empty());
}

TEST_F(AdamImport, RejectsAnotherOptimizer) {
  state.scalars["optimizer"] = "rmsprop";
  expect_rejected("rmsprop");
}

TEST_F(AdamImport, RejectsWrongShape) {
  state.tensors[0].shape = {3, 2};
  expect_rejected("shape [3, 2]");
}

TEST_F(AdamImport, RejectsDataOfTheWrongLength) {
  state.tensors[2].data = state.tensors[2].data.first(1);
  expect_rejected("holds 1 floats");
}

TEST_F(AdamImport, RejectsMissingTensor) {
  state.tensors.pop_back();
  expect_rejected("optim.head.bias.v is missing");
}

TEST_F(AdamImport, RejectsUnexpectedTensor) {
  state.tensors[3].name = "optim.head.bias.momentum";
  expect_rejected("unexpected optimizer tensor optim.head.bias.momentum");
}

TEST_F(AdamImport, RejectsDuplicatedTensor) {
  state.tensors.push_back(state.tensors[0]);
  expect_rejected("twice");
}

TEST_F(AdamImport, RejectsMomentsOfAnotherModel) {
  nn::Parameters other;
  other.add("rnn.weight_ih_l0", {2, 3});
  other.add("head.weight", {2, 2});
  try {
    target->import_state(other, state, kSource);
    ADD_FAILURE() << "import succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), kSource);
  }
}

TEST_F(AdamImport, RejectsMissingOrBadStep) {
  state.scalars["step"] = "three";
  expect_rejected("not an integer");
  state.scalars["step"] = "-1";
  expect_rejected("negative");
  state.scalars.erase("step");
  expect_rejected("no \"step\"");
}

TEST(ScalarState, NumbersRoundTripBitExactly) {
  const double values[] = {0.1, 1e-7, 1.0 / 3.0, 0.97 * 0.97 * 0.97, 5e-324, std::numeric_limits<double>::max(),
                           -2.5, 0.0, std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()};
  for (double x : values) {
    const ScalarState s{{"x", format_exact(x)}};
    const double back = read_double(s, "x", kSource);
    EXPECT_EQ(std::memcmp(&back, &x, sizeof x), 0) << s.at("x");
  }
  EXPECT_TRUE(std::isnan(read_double({{"x", format_exact(std::nan(""))}}, "x", kSource)));
  for (int64_t n : {int64_t{0}, int64_t{-7}, std::numeric_limits<int64_t>::max()})
    EXPECT_EQ(read_int({{"n", format_exact(n)}}, "n", kSource), n);
}

TEST(ScalarState, ReadsRejectGarbageAndMissingKeys) {
  const ScalarState s{{"x", "1.5x"}, {"n", "2.5"}, {"e", ""}};
  EXPECT_THROW(read_double(s, "x", kSource), Error);
  EXPECT_THROW(read_double(s, "e", kSource), Error);
  EXPECT_THROW(read_int(s, "n", kSource), Error);
  EXPECT_THROW(read_text(s, "missing", kSource), Error);
}

}  // namespace
}  // namespace lstmkit::optim
