#pragma once
// Learning-rate schedules, advanced once per epoch by the trainer:
//   for each epoch e = 1, 2, ...: every step uses schedule->lr(); then
//   schedule->end_epoch(e, val_loss).
// constant: lr never changes.
// step:     char-rnn's exponential decay (train.lua: learning_rate_decay, learning_rate_decay_after):
//           at the end of epoch e, lr *= factor when e >= start and (e - start) % every == 0.
//           char-rnn's defaults: factor 0.97, every 1, start 10 (decays after epochs 10, 11, 12, ...);
//           start 0 with every N is the classic step decay (after epochs N, 2N, ...).
// plateau:  Keras' ReduceLROnPlateau on the validation loss (plateau.h).
// inverse-sqrt: Marian's and fairseq's rate for the s-th update (1-based), lr · min(s/W, sqrt(W/s)):
//           linear warm-up over W = `warmup` updates, then decay as 1/sqrt(s); needs warmup > 0.
// noam:     Vaswani et al. 2017 (OpenNMT-py's noam_decay), lr · d^-0.5 · min(s^-0.5, s · W^-1.5) with d =
//           `model_size` (the model's width): the same shape as inverse-sqrt, its peak lr · (d·W)^-0.5 at
//           s = W, so --lr is a factor (Vaswani: 1, OpenNMT-py: 2); needs warmup > 0.
// Warm-up (`warmup` W > 0) multiplies any other schedule's rate by min(1, s/W) for update s, so the
// first update uses lr/W and update W the full rate. The trainer names each update with set_step().
// Every schedule's state (the current rate and any counters) round-trips through export_state() /
// import_state() exactly, so a resumed run follows the same rates.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "lstmkit/optim/state.h"

namespace lstmkit::optim {

enum class ScheduleKind { constant, step, plateau, inverse_sqrt, noam };

struct StepDecayConfig {
  double factor = 0.97;  // multiplies lr at each decay, in (0, 1]
  int64_t every = 1;     // epochs between decays, >= 1
  int64_t start = 10;    // first epoch after which lr may decay (0: from `every` on)
};

// Keras' ReduceLROnPlateau (monitor "val_loss", mode "min"), with Keras' defaults.
struct PlateauConfig {
  double factor = 0.1;     // new lr = lr·factor, in (0, 1)
  int64_t patience = 10;   // epochs without improvement before reducing
  double min_delta = 1e-4; // an improvement must beat best - min_delta
  int64_t cooldown = 0;    // epochs after a reduction during which no new reduction is counted
  double min_lr = 0.0;     // lower bound of the rate
};

struct ScheduleConfig {
  ScheduleKind kind = ScheduleKind::constant;
  double lr = 1e-3;        // initial rate (OptimizerConfig::lr)
  int64_t warmup = 0;      // updates of linear warm-up from 0 (0: none)
  int64_t model_size = 0;  // d of noam: the model's width (the commands' --hidden)
  StepDecayConfig step;
  PlateauConfig plateau;
};

class LrSchedule {
 public:
  virtual ~LrSchedule() = default;

  // The rate for update step() (the epoch's rate times the warm-up or step decay factor).
  double lr() const { return lr_ * step_factor(step_); }
  // The optimiser update the coming lr() is for, counted from 1 over the whole run (resumed ones too).
  // Derived from the trainer's step count, so it needs no saved state of its own.
  void set_step(int64_t step) { step_ = step; }
  virtual std::string_view name() const = 0;

  // After epoch `epoch` (1-based, the number of completed epochs); val_loss is nullopt when there is
  // no validation split (a plateau schedule then keeps its rate, as Keras does without its metric).
  virtual void end_epoch(int64_t epoch, std::optional<double> val_loss) = 0;

  // {"schedule": name(), "lr": ..., and the schedule's counters}; see state.h.
  virtual ScalarState export_state() const;
  // Throws lstmkit::Error(source, ...) on another schedule kind or a missing/unreadable value.
  virtual void import_state(const ScalarState& state, const std::string& source);

 protected:
  explicit LrSchedule(double lr) : lr_(lr) {}
  // The saved rate, after checking that the state is this kind of schedule; changes nothing.
  double read_lr(const ScalarState& state, const std::string& source) const;
  // What multiplies the epoch's rate at update `step`: the warm-up ramp min(1, step / warmup_).
  virtual double step_factor(int64_t step) const;
  double lr_;  // the rate the epoch-level schedule sets
  int64_t warmup_ = 0;
  int64_t step_ = 1;

  friend std::unique_ptr<LrSchedule> make_schedule(const ScheduleConfig& config);
};

class ConstantLr : public LrSchedule {
 public:
  explicit ConstantLr(double lr) : LrSchedule(lr) {}
  std::string_view name() const override { return "constant"; }
  void end_epoch(int64_t epoch, std::optional<double> val_loss) override;
};

class StepDecay : public LrSchedule {
 public:
  StepDecay(double lr, const StepDecayConfig& config);
  std::string_view name() const override { return "step"; }
  void end_epoch(int64_t epoch, std::optional<double> val_loss) override;

 private:
  StepDecayConfig config_;
};

// Marian's --lr-decay-inv-sqrt and fairseq's inverse_sqrt (warmup_init_lr 0): the rate rises linearly to
// lr over the warm-up, then falls as lr · sqrt(warmup / step). No epoch-level change.
class InverseSqrt : public LrSchedule {
 public:
  explicit InverseSqrt(double lr) : LrSchedule(lr) {}
  std::string_view name() const override { return "inverse-sqrt"; }
  void end_epoch(int64_t epoch, std::optional<double> val_loss) override;

 protected:
  double step_factor(int64_t step) const override;
};

// Vaswani's rate: d^-0.5 · min(s^-0.5, s · W^-1.5) times lr. No epoch-level change. d is part of the
// saved state: a resumed run keeps the checkpoint's, whatever --hidden the resuming command was given.
class Noam : public LrSchedule {
 public:
  Noam(double lr, int64_t model_size) : LrSchedule(lr), model_size_(model_size) {}
  std::string_view name() const override { return "noam"; }
  void end_epoch(int64_t epoch, std::optional<double> val_loss) override;
  ScalarState export_state() const override;
  void import_state(const ScalarState& state, const std::string& source) override;

 protected:
  double step_factor(int64_t step) const override;

 private:
  int64_t model_size_;
};

// "constant" | "step" | "plateau" | "inverse-sqrt" | "noam"; anything else throws UsageError("`lr_schedule`", ...).
ScheduleKind parse_lr_schedule(const std::string& name);
std::string_view to_string(ScheduleKind kind);

// Throws UsageError naming the offending setting (`lr`, `warmup`, `hidden` (noam), `lr_decay`, `lr_decay_every`,
// `lr_decay_after`, `lr_factor`, `lr_patience`, `lr_min_delta`, `lr_cooldown`, `min_lr`).
void validate(const ScheduleConfig& config);

// Validates the config and builds the schedule of config.kind.
std::unique_ptr<LrSchedule> make_schedule(const ScheduleConfig& config);

}  // namespace lstmkit::optim
