#include "lstmkit/optim/schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/optim/plateau.h"

namespace lstmkit::optim {
namespace {

const std::string kSource = "ckpt.safetensors";

ScheduleConfig step_config(double factor, int64_t every, int64_t start) {
  ScheduleConfig c;
  c.kind = ScheduleKind::step;
  c.lr = 1.0;
  c.step = {factor, every, start};
  return c;
}

// A plateau schedule small enough to trace by hand: lr 1, halve after 2 epochs without an
// improvement of more than 0.01, then 2 epochs of cooldown, never below 0.1.
ScheduleConfig plateau_config() {
  ScheduleConfig c;
  c.kind = ScheduleKind::plateau;
  c.lr = 1.0;
  c.plateau = {0.5, 2, 0.01, 2, 0.1};
  return c;
}

// lr after each of epochs 1..n.
std::vector<double> rates(LrSchedule& s, int64_t n) {
  std::vector<double> out;
  for (int64_t e = 1; e <= n; ++e) {
    s.end_epoch(e, 1.0);
    out.push_back(s.lr());
  }
  return out;
}

TEST(ConstantLr, NeverChanges) {
  ScheduleConfig c;
  c.lr = 0.002;
  auto s = make_schedule(c);
  EXPECT_EQ(rates(*s, 5), std::vector<double>(5, 0.002));
}

TEST(StepDecay, CharRnnDecaysAfterEveryEpochFromTheTenth) {
  auto s = make_schedule(step_config(0.97, 1, 10));
  std::vector<double> expected(9, 1.0);
  double lr = 1.0;
  for (int e = 10; e <= 12; ++e) expected.push_back(lr *= 0.97);
  EXPECT_EQ(rates(*s, 12), expected);
}

TEST(StepDecay, EveryNEpochsFromTheStart) {
  auto s = make_schedule(step_config(0.5, 3, 0));
  EXPECT_EQ(rates(*s, 9), (std::vector<double>{1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125}));
}

TEST(StepDecay, EveryNEpochsAfterALaterStart) {
  auto s = make_schedule(step_config(0.5, 2, 4));
  EXPECT_EQ(rates(*s, 8), (std::vector<double>{1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.125}));
}

TEST(ReduceOnPlateau, FollowsKerasEpochByEpoch) {
  const struct {
    double loss, lr;
    int64_t wait, cooldown;
  } table[] = {
      // improvements and patience
      {1.000, 1.0, 0, 0},    // first loss is the best
      {0.995, 1.0, 1, 0},    // better, but not by more than min_delta
      {0.980, 1.0, 0, 0},    // improvement
      {0.980, 1.0, 1, 0},
      {0.990, 0.5, 0, 2},    // patience 2 reached: halve, start cooldown
      // cooldown: epochs in cooldown do not count
      {0.990, 0.5, 0, 1},
      {0.990, 0.5, 1, 0},    // cooldown ran out this epoch, so this one counts
      {0.990, 0.25, 0, 2},
      {0.990, 0.25, 0, 1},
      {0.990, 0.25, 1, 0},
      {0.990, 0.125, 0, 2},
      {0.990, 0.125, 0, 1},
      {0.990, 0.125, 1, 0},
      // min_lr: floored at 0.1, then no further reduction; wait keeps growing
      {0.990, 0.1, 0, 2},
      {0.990, 0.1, 0, 1},
      {0.990, 0.1, 1, 0},
      {0.990, 0.1, 2, 0},
      {0.990, 0.1, 3, 0},
      {0.500, 0.1, 0, 0},    // an improvement still resets wait
  };
  auto made = make_schedule(plateau_config());
  auto& s = dynamic_cast<ReduceOnPlateau&>(*made);
  int64_t epoch = 0;
  for (const auto& row : table) {
    s.end_epoch(++epoch, row.loss);
    EXPECT_EQ(s.lr(), row.lr) << "epoch " << epoch;
    EXPECT_EQ(s.wait(), row.wait) << "epoch " << epoch;
    EXPECT_EQ(s.cooldown_counter(), row.cooldown) << "epoch " << epoch;
  }
  EXPECT_EQ(s.best(), 0.5);
}

TEST(ReduceOnPlateau, NanLossNeverImproves) {
  auto s = make_schedule(plateau_config());
  s->end_epoch(1, 1.0);
  s->end_epoch(2, std::nan(""));
  s->end_epoch(3, std::nan(""));
  EXPECT_EQ(s->lr(), 0.5);
}

TEST(ReduceOnPlateau, WithoutValidationLossNothingChanges) {
  auto made = make_schedule(plateau_config());
  auto& s = dynamic_cast<ReduceOnPlateau&>(*made);
  for (int64_t e = 1; e <= 5; ++e) s.end_epoch(e, std::nullopt);
  EXPECT_EQ(s.lr(), 1.0);
  EXPECT_EQ(s.wait(), 0);
  EXPECT_EQ(s.best(), std::numeric_limits<double>::infinity());
}

TEST(LrSchedule, ResumeFollowsTheSameRates) {
  const std::vector<double> losses = {1.0, 0.9, 0.95, 0.93, 0.94, 0.92, 0.95, 0.91, 0.96, 0.97, 0.98, 0.99};
  for (const ScheduleConfig& c : {step_config(0.97, 2, 3), plateau_config()}) {
    SCOPED_TRACE(std::string(to_string(c.kind)));
    auto straight = make_schedule(c);
    auto before = make_schedule(c);
    for (int64_t e = 1; e <= 5; ++e) {
      straight->end_epoch(e, losses[e - 1]);
      before->end_epoch(e, losses[e - 1]);
    }
    ScheduleConfig other = c;
    other.lr = 123.0;  // the saved rate, not the configured one, must win
    auto resumed = make_schedule(other);
    resumed->import_state(before->export_state(), kSource);
    EXPECT_EQ(resumed->export_state(), before->export_state());
    for (int64_t e = 6; e <= 12; ++e) {
      straight->end_epoch(e, losses[e - 1]);
      resumed->end_epoch(e, losses[e - 1]);
      EXPECT_EQ(resumed->lr(), straight->lr()) << "epoch " << e;
    }
    EXPECT_EQ(resumed->export_state(), straight->export_state());
  }
}

// --- per-update factors: warm-up and inverse square root ---------------------------------------------------
double lr_at(LrSchedule& s, int64_t step) {
  s.set_step(step);
  return s.lr();
}

TEST(Warmup, RisesLinearlyFromZeroThenLeavesTheRateAlone) {
  ScheduleConfig c;
  c.lr = 0.002;
  c.warmup = 4;
  auto s = make_schedule(c);
  EXPECT_DOUBLE_EQ(lr_at(*s, 1), 0.0005);  // update 1 of 4: a quarter
  EXPECT_DOUBLE_EQ(lr_at(*s, 2), 0.001);
  EXPECT_DOUBLE_EQ(lr_at(*s, 3), 0.0015);
  EXPECT_EQ(lr_at(*s, 4), 0.002);
  EXPECT_EQ(lr_at(*s, 1000), 0.002);
  c.warmup = 0;
  EXPECT_EQ(lr_at(*make_schedule(c), 1), 0.002);  // no warm-up: the full rate from the first update
}

TEST(Warmup, MultipliesTheEpochSchedulesRate) {
  // Step decay halving after every epoch from the first, with 10 updates of warm-up: after epoch 1 the
  // epoch rate is 0.5, and update 5 is still warming up (5/10 of it).
  ScheduleConfig c = step_config(0.5, 1, 1);
  c.warmup = 10;
  auto s = make_schedule(c);
  EXPECT_DOUBLE_EQ(lr_at(*s, 5), 0.5);
  s->end_epoch(1, 1.0);
  EXPECT_DOUBLE_EQ(lr_at(*s, 5), 0.25);
  EXPECT_DOUBLE_EQ(lr_at(*s, 20), 0.5);
}

TEST(InverseSqrt, FollowsMarianAndFairseq) {
  // lr · min(s/W, sqrt(W/s)) with lr 1e-3, W 4000 (fairseq's transformer recipe).
  ScheduleConfig c;
  c.kind = ScheduleKind::inverse_sqrt;
  c.lr = 1e-3;
  c.warmup = 4000;
  auto s = make_schedule(c);
  EXPECT_DOUBLE_EQ(lr_at(*s, 1), 1e-3 / 4000);
  EXPECT_DOUBLE_EQ(lr_at(*s, 2000), 5e-4);
  EXPECT_DOUBLE_EQ(lr_at(*s, 4000), 1e-3);    // the peak
  EXPECT_DOUBLE_EQ(lr_at(*s, 16000), 5e-4);   // sqrt(4000 / 16000) = 1/2
  EXPECT_DOUBLE_EQ(lr_at(*s, 36000), 1e-3 / 3);
  s->end_epoch(1, 0.5);  // no epoch-level change
  EXPECT_DOUBLE_EQ(lr_at(*s, 16000), 5e-4);
}

TEST(InverseSqrt, ResumedRunHasTheSameRates) {
  // The factor depends only on the update number, which the trainer restores; the saved state carries
  // the epoch rate and the schedule's name.
  ScheduleConfig c;
  c.kind = ScheduleKind::inverse_sqrt;
  c.lr = 0.01;
  c.warmup = 7;
  auto before = make_schedule(c);
  before->end_epoch(1, 1.0);
  auto resumed = make_schedule(c);
  resumed->import_state(before->export_state(), kSource);
  for (int64_t step = 1; step <= 30; ++step) EXPECT_EQ(lr_at(*resumed, step), lr_at(*before, step)) << step;
  EXPECT_THROW(make_schedule(step_config(0.97, 1, 10))->import_state(before->export_state(), kSource), Error);
}

TEST(Noam, FollowsVaswani) {
  // lr · d^-0.5 · min(s^-0.5, s · W^-1.5) with lr 2, d 512, W 4000 (OpenNMT-py's transformer recipe).
  ScheduleConfig c;
  c.kind = ScheduleKind::noam;
  c.lr = 2.0;
  c.warmup = 4000;
  c.model_size = 512;
  auto s = make_schedule(c);
  const double peak = 2.0 / std::sqrt(512.0 * 4000.0);
  EXPECT_DOUBLE_EQ(lr_at(*s, 1), peak / 4000);      // linear warm-up ...
  EXPECT_DOUBLE_EQ(lr_at(*s, 1000), peak / 4);
  EXPECT_DOUBLE_EQ(lr_at(*s, 4000), peak);          // ... to the peak at W
  EXPECT_DOUBLE_EQ(lr_at(*s, 16000), peak / 2);     // then 1/sqrt(s)
  s->end_epoch(1, 0.5);  // no epoch-level change
  EXPECT_DOUBLE_EQ(lr_at(*s, 16000), peak / 2);
  // The same shape as inverse-sqrt, scaled: noam with lr = peak · sqrt(d · W) is inverse-sqrt with peak.
  ScheduleConfig inv;
  inv.kind = ScheduleKind::inverse_sqrt;
  inv.lr = peak;
  inv.warmup = 4000;
  auto is = make_schedule(inv);
  for (int64_t step : {1, 7, 3999, 4000, 4001, 12345}) EXPECT_NEAR(lr_at(*s, step), lr_at(*is, step), 1e-15) << step;
}

TEST(Noam, NeedsWarmupAndWidthAndResumes) {
  ScheduleConfig c;
  c.kind = ScheduleKind::noam;
  c.model_size = 256;
  try {
    make_schedule(c);
    ADD_FAILURE() << "noam without warm-up";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`warmup`");
  }
  c.warmup = 10;
  c.model_size = 0;
  try {
    make_schedule(c);
    ADD_FAILURE() << "noam without a width";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`hidden`");
  }
  c.model_size = 256;
  auto before = make_schedule(c);
  before->end_epoch(1, 1.0);
  c.model_size = 64;  // a resuming command's other --hidden: the checkpoint's width wins
  auto resumed = make_schedule(c);
  resumed->import_state(before->export_state(), kSource);
  for (int64_t step = 1; step <= 30; ++step) EXPECT_EQ(lr_at(*resumed, step), lr_at(*before, step)) << step;
  ScalarState bad = before->export_state();
  bad["model_size"] = "0";
  EXPECT_THROW(resumed->import_state(bad, kSource), Error);
  bad.erase("model_size");
  EXPECT_THROW(resumed->import_state(bad, kSource), Error);
  EXPECT_EQ(lr_at(*resumed, 30), lr_at(*before, 30)) << "a failed import must leave the schedule unchanged";
  EXPECT_EQ(parse_lr_schedule("noam"), ScheduleKind::noam);
  EXPECT_EQ(to_string(ScheduleKind::noam), "noam");
}

TEST(LrSchedule, ImportRejectsAnotherScheduleAndBadValues) {
  auto plateau = make_schedule(plateau_config());
  const ScalarState step_state = make_schedule(step_config(0.97, 1, 10))->export_state();
  try {
    plateau->import_state(step_state, kSource);
    ADD_FAILURE() << "imported a step schedule into a plateau schedule";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), kSource);
    EXPECT_NE(e.what_is_wrong().find("step"), std::string::npos) << e.what_is_wrong();
  }
  ScalarState bad = plateau->export_state();
  bad["wait"] = "-1";
  EXPECT_THROW(plateau->import_state(bad, kSource), Error);
  bad = plateau->export_state();
  bad["lr"] = "nan";
  EXPECT_THROW(plateau->import_state(bad, kSource), Error);
  bad.erase("best");
  EXPECT_THROW(plateau->import_state(bad, kSource), Error);
  EXPECT_EQ(plateau->lr(), 1.0) << "a failed import must leave the schedule unchanged";
}

TEST(LrSchedule, ParseNames) {
  EXPECT_EQ(parse_lr_schedule("constant"), ScheduleKind::constant);
  EXPECT_EQ(parse_lr_schedule("step"), ScheduleKind::step);
  EXPECT_EQ(parse_lr_schedule("plateau"), ScheduleKind::plateau);
  EXPECT_EQ(parse_lr_schedule("inverse-sqrt"), ScheduleKind::inverse_sqrt);
  EXPECT_EQ(to_string(ScheduleKind::inverse_sqrt), "inverse-sqrt");
  try {
    parse_lr_schedule("cosine");
    ADD_FAILURE() << "accepted cosine";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`lr_schedule`");
  }
}

TEST(LrSchedule, ValidateNamesTheOption) {
  const struct {
    ScheduleConfig config;
    const char* option;
  } cases[] = {
      {[] { auto c = step_config(0.97, 1, 10); c.lr = 0; return c; }(), "`lr`"},
      {step_config(0.0, 1, 10), "`lr_decay`"},
      {step_config(1.5, 1, 10), "`lr_decay`"},
      {step_config(0.97, 0, 10), "`lr_decay_every`"},
      {step_config(0.97, 1, -1), "`lr_decay_after`"},
      {[] { auto c = plateau_config(); c.plateau.factor = 1.0; return c; }(), "`lr_factor`"},
      {[] { auto c = plateau_config(); c.plateau.patience = -1; return c; }(), "`lr_patience`"},
      {[] { auto c = plateau_config(); c.plateau.min_delta = -0.1; return c; }(), "`lr_min_delta`"},
      {[] { auto c = plateau_config(); c.plateau.cooldown = -1; return c; }(), "`lr_cooldown`"},
      {[] { auto c = plateau_config(); c.plateau.min_lr = std::nan(""); return c; }(), "`min_lr`"},
      {[] { auto c = step_config(0.97, 1, 10); c.warmup = -1; return c; }(), "`warmup`"},
      {[] { ScheduleConfig c; c.kind = ScheduleKind::inverse_sqrt; return c; }(), "`warmup`"},
  };
  for (const auto& c : cases) {
    try {
      make_schedule(c.config);
      ADD_FAILURE() << "accepted a bad " << c.option;
    } catch (const UsageError& e) {
      EXPECT_EQ(e.where(), c.option);
    }
  }
}

}  // namespace
}  // namespace lstmkit::optim
