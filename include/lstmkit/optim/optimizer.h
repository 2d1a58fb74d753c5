#pragma once
// The optimiser interface. Moments live in "slots": one float buffer per slot with the flat layout of
// nn::Parameters ([P], P = params.size()), so every update is one loop over floats and every slot of
// every parameter is a named view for the checkpoint (see state.h for the names and the file format).
//
// Usage, once per batch, after the gradients are complete:
//   const double norm = clip_grad_norm(params, max_norm);   // clip.h; stop if !std::isfinite(norm)
//   optimizer->step(params, schedule->lr());                // schedule.h
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lstmkit/nn/parameters.h"
#include "lstmkit/optim/config.h"
#include "lstmkit/optim/state.h"

namespace lstmkit::optim {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  // One update of every parameter from params.grads() (read, never changed) with learning rate lr,
  // then params.mark_updated(). Slots are zero-filled to params.size() at the first step; a model
  // whose parameter count changed since then is an Error.
  void step(nn::Parameters& params, double lr);

  // Updates done so far (Adam's t for the bias correction after the next step is steps() + 1).
  int64_t steps() const { return steps_; }
  const OptimizerConfig& config() const { return config_; }
  std::string_view name() const { return to_string(config_.kind); }

  // The moments as named tensors (views into this optimiser) and {"optimizer", "step"}. Before the
  // first step there are no moments yet: no tensors, step "0".
  OptimizerState export_state(const nn::Parameters& params) const;

  // Restores what export_state() produced, for the same model and the same kind of optimiser.
  // Accepts either every slot tensor of every parameter, or none with step "0" (a fresh optimiser).
  // Throws lstmkit::Error(source, ...) on another optimiser kind, a missing, unexpected, duplicated
  // or wrongly shaped tensor, or a bad step; on error this optimiser is left unchanged.
  void import_state(const nn::Parameters& params, const OptimizerState& state, const std::string& source);

 protected:
  // slot_names: suffixes of this optimiser's moment tensors, in export order ("m", "v", "momentum").
  Optimizer(OptimizerConfig config, std::vector<std::string> slot_names);

  // Slot k, [P]; empty before the first step.
  std::span<float> slot(size_t k) { return slots_[k]; }

  // The update rule over the whole flat buffer: values [P] in place, grads [P]. steps() already
  // counts this update (1 at the first step).
  virtual void update(std::span<float> values, std::span<const float> grads, double lr) = 0;

 private:
  OptimizerConfig config_;
  std::vector<std::string> slot_names_;
  std::vector<std::vector<float>> slots_;  // [slots][P]
  int64_t steps_ = 0;
};

// Validates the config (validate() in config.h) and builds the optimiser of config.kind.
std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config);

}  // namespace lstmkit::optim
