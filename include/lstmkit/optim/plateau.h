#pragma once
// Keras' ReduceLROnPlateau (keras/callbacks.py, Keras 2.x), monitoring the validation loss (mode
// "min"). At the end of every epoch with a validation loss `current`:
//   if cooldown_counter > 0: cooldown_counter -= 1; wait = 0
//   if current < best - min_delta: best = current; wait = 0
//   elif cooldown_counter == 0:
//     wait += 1
//     if wait >= patience and lr > min_lr: lr = max(lr·factor, min_lr); cooldown_counter = cooldown; wait = 0
// A NaN loss never improves (every comparison with NaN is false), so it counts towards patience.
#include "lstmkit/optim/schedule.h"

namespace lstmkit::optim {

class ReduceOnPlateau : public LrSchedule {
 public:
  ReduceOnPlateau(double lr, const PlateauConfig& config);
  std::string_view name() const override { return "plateau"; }
  void end_epoch(int64_t epoch, std::optional<double> val_loss) override;

  // Adds "best", "wait", "cooldown_counter" to the base state.
  ScalarState export_state() const override;
  void import_state(const ScalarState& state, const std::string& source) override;

  double best() const { return best_; }
  int64_t wait() const { return wait_; }
  int64_t cooldown_counter() const { return cooldown_counter_; }

 private:
  PlateauConfig config_;
  double best_;                  // lowest validation loss so far (+inf before the first)
  int64_t wait_ = 0;             // epochs since the last improvement or reduction
  int64_t cooldown_counter_ = 0; // epochs of cooldown left
};

}  // namespace lstmkit::optim
