#include "lstmkit/optim/plateau.h"

#include <algorithm>
#include <limits>

#include "lstmkit/error.h"

namespace lstmkit::optim {

ReduceOnPlateau::ReduceOnPlateau(double lr, const PlateauConfig& config)
    : LrSchedule(lr), config_(config), best_(std::numeric_limits<double>::infinity()) {}

void ReduceOnPlateau::end_epoch(int64_t, std::optional<double> val_loss) {
  if (!val_loss) return;
  const double current = *val_loss;
  if (cooldown_counter_ > 0) {
    --cooldown_counter_;
    wait_ = 0;
  }
  if (current < best_ - config_.min_delta) {
    best_ = current;
    wait_ = 0;
  } else if (cooldown_counter_ == 0) {
    ++wait_;
    if (wait_ >= config_.patience && lr_ > config_.min_lr) {
      lr_ = std::max(lr_ * config_.factor, config_.min_lr);
      cooldown_counter_ = config_.cooldown;
      wait_ = 0;
    }
  }
}

ScalarState ReduceOnPlateau::export_state() const {
  ScalarState state = LrSchedule::export_state();
  state["best"] = format_exact(best_);
  state["wait"] = format_exact(wait_);
  state["cooldown_counter"] = format_exact(cooldown_counter_);
  return state;
}

void ReduceOnPlateau::import_state(const ScalarState& state, const std::string& source) {
  // Read everything first so that a bad value leaves this schedule unchanged.
  const double lr = read_lr(state, source);
  const double best = read_double(state, "best", source);
  const int64_t wait = read_int(state, "wait", source);
  const int64_t cooldown_counter = read_int(state, "cooldown_counter", source);
  if (wait < 0 || cooldown_counter < 0)
    throw Error(source, "the checkpoint's plateau counters are negative", "the checkpoint is damaged; use another one");
  lr_ = lr;
  best_ = best;
  wait_ = wait;
  cooldown_counter_ = cooldown_counter;
}

}  // namespace lstmkit::optim
