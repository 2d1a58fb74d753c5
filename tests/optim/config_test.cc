#include "lstmkit/optim/config.h"

#include <gtest/gtest.h>

#include <cmath>

#include "lstmkit/error.h"
#include "lstmkit/optim/optimizer.h"

namespace lstmkit::optim {
namespace {

TEST(OptimizerConfig, KerasPresetsAreKeras2Defaults) {
  const OptimizerConfig sgd = default_config(OptimizerKind::sgd, Defaults::keras);
  EXPECT_EQ(sgd.lr, 0.01);
  EXPECT_EQ(sgd.momentum, 0.0);
  EXPECT_FALSE(sgd.nesterov);

  const OptimizerConfig rms = default_config(OptimizerKind::rmsprop, Defaults::keras);
  EXPECT_EQ(rms.lr, 1e-3);
  EXPECT_EQ(rms.rho, 0.9);
  EXPECT_EQ(rms.epsilon, 1e-7);
  EXPECT_EQ(rms.momentum, 0.0);

  const OptimizerConfig adam = default_config(OptimizerKind::adam, Defaults::keras);
  EXPECT_EQ(adam.lr, 1e-3);
  EXPECT_EQ(adam.beta1, 0.9);
  EXPECT_EQ(adam.beta2, 0.999);
  EXPECT_EQ(adam.epsilon, 1e-7);
  EXPECT_TRUE(adam.epsilon_hat);

  for (const OptimizerConfig& c : {sgd, rms, adam}) EXPECT_EQ(c.weight_decay, 0.0);
  EXPECT_EQ(default_config(OptimizerKind::adam).epsilon, 1e-7) << "Keras is the default preset";
}

TEST(OptimizerConfig, TorchPresetsArePyTorchDefaults) {
  const OptimizerConfig rms = default_config(OptimizerKind::rmsprop, Defaults::torch);
  EXPECT_EQ(rms.lr, 1e-2);
  EXPECT_EQ(rms.rho, 0.99);
  EXPECT_EQ(rms.epsilon, 1e-8);
  EXPECT_EQ(rms.momentum, 0.0);

  const OptimizerConfig adam = default_config(OptimizerKind::adam, Defaults::torch);
  EXPECT_EQ(adam.lr, 1e-3);
  EXPECT_EQ(adam.beta1, 0.9);
  EXPECT_EQ(adam.beta2, 0.999);
  EXPECT_EQ(adam.epsilon, 1e-8);
  EXPECT_FALSE(adam.epsilon_hat);

  const OptimizerConfig sgd = default_config(OptimizerKind::sgd, Defaults::torch);
  EXPECT_EQ(sgd.momentum, 0.0);
  EXPECT_EQ(sgd.dampening, 0.0);
}

TEST(OptimizerConfig, ParseNames) {
  EXPECT_EQ(parse_optimizer("sgd"), OptimizerKind::sgd);
  EXPECT_EQ(parse_optimizer("rmsprop"), OptimizerKind::rmsprop);
  EXPECT_EQ(parse_optimizer("adam"), OptimizerKind::adam);
  EXPECT_EQ(parse_defaults("keras"), Defaults::keras);
  EXPECT_EQ(parse_defaults("torch"), Defaults::torch);
  for (const char* bad : {"Adam", "adagrad", ""}) {
    try {
      parse_optimizer(bad);
      ADD_FAILURE() << "accepted \"" << bad << "\"";
    } catch (const UsageError& e) {
      EXPECT_EQ(e.where(), "`optimizer`");
    }
  }
  EXPECT_THROW(parse_defaults("tf"), UsageError);
  for (OptimizerKind k : {OptimizerKind::sgd, OptimizerKind::rmsprop, OptimizerKind::adam})
    EXPECT_EQ(parse_optimizer(std::string(to_string(k))), k);
}

TEST(OptimizerConfig, ValidateNamesTheOption) {
  const auto with = [](auto edit) {
    OptimizerConfig c = default_config(OptimizerKind::sgd);
    edit(c);
    return c;
  };
  const struct {
    OptimizerConfig config;
    const char* option;
  } cases[] = {
      {with([](OptimizerConfig& c) { c.lr = 0; }), "`lr`"},
      {with([](OptimizerConfig& c) { c.lr = std::nan(""); }), "`lr`"},
      {with([](OptimizerConfig& c) { c.momentum = -0.1; }), "`momentum`"},
      {with([](OptimizerConfig& c) { c.dampening = -1; }), "`dampening`"},
      {with([](OptimizerConfig& c) { c.nesterov = true; }), "`nesterov`"},
      {with([](OptimizerConfig& c) { c.momentum = 0.9, c.dampening = 0.1, c.nesterov = true; }), "`nesterov`"},
      {with([](OptimizerConfig& c) { c.rho = 1.0; }), "`rho`"},
      {with([](OptimizerConfig& c) { c.beta1 = 1.0; }), "`beta1`"},
      {with([](OptimizerConfig& c) { c.beta2 = -0.1; }), "`beta2`"},
      {with([](OptimizerConfig& c) { c.epsilon = std::nan(""); }), "`epsilon`"},
      {with([](OptimizerConfig& c) { c.weight_decay = -1e-4; }), "`weight_decay`"},
  };
  for (const auto& c : cases) {
    try {
      make_optimizer(c.config);
      ADD_FAILURE() << "accepted a bad " << c.option;
    } catch (const UsageError& e) {
      EXPECT_EQ(e.where(), c.option);
    }
  }
}

TEST(OptimizerConfig, MakeOptimizerBuildsTheNamedKind) {
  for (const Defaults d : {Defaults::keras, Defaults::torch})
    for (OptimizerKind k : {OptimizerKind::sgd, OptimizerKind::rmsprop, OptimizerKind::adam}) {
      const auto opt = make_optimizer(default_config(k, d));
      EXPECT_EQ(opt->name(), to_string(k));
      EXPECT_EQ(opt->config().kind, k);
      EXPECT_EQ(opt->steps(), 0);
    }
}

}  // namespace
}  // namespace lstmkit::optim
