#include "lstmkit/optim/config.h"

#include <cmath>

#include "lstmkit/error.h"

namespace lstmkit::optim {
namespace {

void require(bool ok, const char* option, const std::string& what, const std::string& hint) {
  if (!ok) throw UsageError(option, what, hint);
}

// NaN fails every comparison, so it is rejected too.
bool in_unit_interval(double x) { return x >= 0.0 && x < 1.0; }
bool non_negative(double x) { return std::isfinite(x) && x >= 0.0; }

}  // namespace

OptimizerConfig default_config(OptimizerKind kind, Defaults defaults) {
  OptimizerConfig c;
  c.kind = kind;
  const bool keras = defaults == Defaults::keras;
  switch (kind) {
    case OptimizerKind::sgd:
      // PyTorch's SGD has no default rate; Keras' 0.01 serves both presets.
      c.lr = 0.01;
      break;
    case OptimizerKind::rmsprop:
      c.lr = keras ? 1e-3 : 1e-2;
      c.rho = keras ? 0.9 : 0.99;
      c.epsilon = keras ? 1e-7 : 1e-8;
      break;
    case OptimizerKind::adam:
      c.lr = 1e-3;
      c.beta1 = 0.9;
      c.beta2 = 0.999;
      c.epsilon = keras ? 1e-7 : 1e-8;
      break;
  }
  c.epsilon_hat = keras;
  return c;
}

OptimizerKind parse_optimizer(const std::string& name) {
  if (name == "sgd") return OptimizerKind::sgd;
  if (name == "rmsprop") return OptimizerKind::rmsprop;
  if (name == "adam") return OptimizerKind::adam;
  throw UsageError("`optimizer`", "unknown optimizer \"" + name + "\"", "use sgd, rmsprop or adam");
}

Defaults parse_defaults(const std::string& name) {
  if (name == "keras") return Defaults::keras;
  if (name == "torch") return Defaults::torch;
  throw UsageError("`optimizer_defaults`", "unknown defaults \"" + name + "\"", "use keras or torch");
}

std::string_view to_string(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::sgd: return "sgd";
    case OptimizerKind::rmsprop: return "rmsprop";
    case OptimizerKind::adam: return "adam";
  }
  return "unknown";
}

std::string_view to_string(Defaults defaults) { return defaults == Defaults::keras ? "keras" : "torch"; }

void validate(const OptimizerConfig& c) {
  require(std::isfinite(c.lr) && c.lr > 0.0, "`lr`", "the learning rate must be a positive number",
          "try 1e-3 for adam and rmsprop, 0.01 for sgd");
  require(non_negative(c.momentum), "`momentum`", "momentum must be 0 or more", "try 0.9, or 0 for none");
  require(non_negative(c.dampening), "`dampening`", "dampening must be 0 or more", "use 0 unless you need it");
  require(!c.nesterov || (c.momentum > 0.0 && c.dampening == 0.0), "`nesterov`",
          "Nesterov momentum needs momentum > 0 and zero dampening", "set `momentum`, e.g. 0.9, and `dampening` 0");
  require(in_unit_interval(c.rho), "`rho`", "rho must be in [0, 1)", "Keras uses 0.9, PyTorch 0.99");
  require(in_unit_interval(c.beta1), "`beta1`", "beta1 must be in [0, 1)", "the usual value is 0.9");
  require(in_unit_interval(c.beta2), "`beta2`", "beta2 must be in [0, 1)", "the usual value is 0.999");
  require(non_negative(c.epsilon), "`epsilon`", "epsilon must be 0 or more", "Keras uses 1e-7, PyTorch 1e-8");
  require(non_negative(c.weight_decay), "`weight_decay`", "weight decay must be 0 or more",
          "use 0 for none, or a small value such as 1e-5");
}

}  // namespace lstmkit::optim
