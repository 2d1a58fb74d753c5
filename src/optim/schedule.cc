#include "lstmkit/optim/schedule.h"

#include <algorithm>
#include <cmath>

#include "lstmkit/error.h"
#include "lstmkit/optim/plateau.h"

namespace lstmkit::optim {
namespace {

void require(bool ok, const char* option, const std::string& what, const std::string& hint) {
  if (!ok) throw UsageError(option, what, hint);
}

}  // namespace

ScalarState LrSchedule::export_state() const {
  return {{"schedule", std::string(name())}, {"lr", format_exact(lr_)}};
}

double LrSchedule::read_lr(const ScalarState& state, const std::string& source) const {
  const std::string& kind = read_text(state, "schedule", source);
  if (kind != name())
    throw Error(source, "the checkpoint's learning-rate schedule is " + kind + ", this run uses " + std::string(name()),
                "resume with the same `lr_schedule` as the checkpoint, or train without `resume`");
  const double lr = read_double(state, "lr", source);
  if (!(std::isfinite(lr) && lr >= 0.0))
    throw Error(source, "the checkpoint's learning rate " + format_exact(lr) + " is not usable",
                "the checkpoint is damaged; use another one");
  return lr;
}

void LrSchedule::import_state(const ScalarState& state, const std::string& source) { lr_ = read_lr(state, source); }

double LrSchedule::step_factor(int64_t step) const {
  if (warmup_ <= 0 || step >= warmup_) return 1.0;
  return static_cast<double>(std::max<int64_t>(step, 0)) / static_cast<double>(warmup_);
}

void ConstantLr::end_epoch(int64_t, std::optional<double>) {}

void InverseSqrt::end_epoch(int64_t, std::optional<double>) {}

double InverseSqrt::step_factor(int64_t step) const {
  const double s = static_cast<double>(std::max<int64_t>(step, 0)), w = static_cast<double>(warmup_);
  return s < w ? s / w : std::sqrt(w / s);
}

void Noam::end_epoch(int64_t, std::optional<double>) {}

ScalarState Noam::export_state() const {
  ScalarState state = LrSchedule::export_state();
  state["model_size"] = format_exact(model_size_);
  return state;
}

void Noam::import_state(const ScalarState& state, const std::string& source) {
  const double lr = read_lr(state, source);
  const int64_t model_size = read_int(state, "model_size", source);
  if (model_size <= 0)
    throw Error(source, "the checkpoint's noam width " + std::to_string(model_size) + " is not positive",
                "the checkpoint is damaged; use another one");
  lr_ = lr;
  model_size_ = model_size;
}

double Noam::step_factor(int64_t step) const {
  const double s = static_cast<double>(std::max<int64_t>(step, 1)), w = static_cast<double>(warmup_);
  return std::min(1.0 / std::sqrt(s), s / (w * std::sqrt(w))) / std::sqrt(static_cast<double>(model_size_));
}

StepDecay::StepDecay(double lr, const StepDecayConfig& config) : LrSchedule(lr), config_(config) {}

void StepDecay::end_epoch(int64_t epoch, std::optional<double>) {
  // char-rnn multiplies the running rate (not lr0·factor^k), so a resumed run continues from the
  // saved rate with the same rounding.
  if (epoch >= config_.start && (epoch - config_.start) % config_.every == 0) lr_ *= config_.factor;
}

ScheduleKind parse_lr_schedule(const std::string& name) {
  if (name == "constant") return ScheduleKind::constant;
  if (name == "step") return ScheduleKind::step;
  if (name == "plateau") return ScheduleKind::plateau;
  if (name == "inverse-sqrt") return ScheduleKind::inverse_sqrt;
  if (name == "noam") return ScheduleKind::noam;
  throw UsageError("`lr_schedule`", "unknown learning-rate schedule \"" + name + "\"",
                   "use constant, step, plateau, inverse-sqrt or noam");
}

std::string_view to_string(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::constant: return "constant";
    case ScheduleKind::step: return "step";
    case ScheduleKind::plateau: return "plateau";
    case ScheduleKind::inverse_sqrt: return "inverse-sqrt";
    case ScheduleKind::noam: return "noam";
  }
  return "unknown";
}

void validate(const ScheduleConfig& c) {
  require(std::isfinite(c.lr) && c.lr > 0.0, "`lr`", "the learning rate must be a positive number",
          "try 1e-3 for adam and rmsprop, 0.01 for sgd");
  require(c.warmup >= 0, "`warmup`", "must be 0 (none) or a number of updates", "got " + std::to_string(c.warmup));
  require(c.kind != ScheduleKind::inverse_sqrt || c.warmup > 0, "`warmup`",
          "the inverse-sqrt schedule needs a warm-up (it decays as sqrt(warmup / step))",
          "give `warmup` N, e.g. 4000 (fairseq's default)");
  require(c.kind != ScheduleKind::noam || c.warmup > 0, "`warmup`",
          "the noam schedule needs a warm-up (it peaks at update warmup)", "give `warmup` N, e.g. 4000 (Vaswani's)");
  require(c.kind != ScheduleKind::noam || c.model_size > 0, "`hidden`",
          "the noam schedule scales the rate by the model's width^-0.5, which must be positive",
          "give a positive `hidden`");
  if (c.kind == ScheduleKind::step) {
    require(c.step.factor > 0.0 && c.step.factor <= 1.0, "`lr_decay`", "the decay factor must be in (0, 1]",
            "char-rnn uses 0.97");
    require(c.step.every >= 1, "`lr_decay_every`", "decay interval must be at least 1 epoch", "try 1");
    require(c.step.start >= 0, "`lr_decay_after`", "the first decay epoch must be 0 or more", "char-rnn uses 10");
  }
  if (c.kind == ScheduleKind::plateau) {
    require(c.plateau.factor > 0.0 && c.plateau.factor < 1.0, "`lr_factor`", "the reduction factor must be in (0, 1)",
            "Keras uses 0.1");
    require(c.plateau.patience >= 0, "`lr_patience`", "patience must be 0 or more epochs", "Keras uses 10");
    require(std::isfinite(c.plateau.min_delta) && c.plateau.min_delta >= 0.0, "`lr_min_delta`",
            "min delta must be 0 or more", "Keras uses 1e-4");
    require(c.plateau.cooldown >= 0, "`lr_cooldown`", "cooldown must be 0 or more epochs", "Keras uses 0");
    require(std::isfinite(c.plateau.min_lr) && c.plateau.min_lr >= 0.0, "`min_lr`",
            "the minimum learning rate must be 0 or more", "Keras uses 0");
  }
}

namespace {
std::unique_ptr<LrSchedule> make_kind(const ScheduleConfig& config) {
  switch (config.kind) {
    case ScheduleKind::constant: return std::make_unique<ConstantLr>(config.lr);
    case ScheduleKind::step: return std::make_unique<StepDecay>(config.lr, config.step);
    case ScheduleKind::plateau: return std::make_unique<ReduceOnPlateau>(config.lr, config.plateau);
    case ScheduleKind::inverse_sqrt: return std::make_unique<InverseSqrt>(config.lr);
    case ScheduleKind::noam: return std::make_unique<Noam>(config.lr, config.model_size);
  }
  throw Error("`lr_schedule`", "unknown schedule kind", "use constant, step, plateau or inverse-sqrt");
}
}  // namespace

std::unique_ptr<LrSchedule> make_schedule(const ScheduleConfig& config) {
  validate(config);
  std::unique_ptr<LrSchedule> schedule = make_kind(config);
  schedule->warmup_ = config.warmup;
  return schedule;
}

}  // namespace lstmkit::optim
