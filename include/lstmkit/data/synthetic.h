#pragma once
// `--synthetic NAME`: generated data with a known answer, for demos and for checking that a model can
// learn at all. Step t counts from 0; every series has one column "value" that is feature and target.
//   sine        x_t = sin(2π t / 80): 80 steps per cycle.
//   sincos      x_t = 3 sin(5 u_t) − 5 cos(3 u_t) with u_t = t · 2π/200, so the series repeats every 200
//               steps (2π is the common period of sin 5u and cos 3u).
//   damped      x_i = exp(−u_i / 5) cos(u_i), u_i = 5π · i / (n − 1): n points spanning [0, 5π] with both
//               ends included (n = 200 by default; --length sets n).
//   noisy-sine  sine + N(0, noise²) noise, drawn from Rng(seed).
//   linear      x_t = 0.01 t: a trend that leaves the training range, to show extrapolation.
//   lorenz      the x component of the Lorenz system (σ 10, ρ 28, β 8/3), a chaotic benchmark: classic
//               RK4 with a fixed step of 0.01 from (1, 1, 1), one sample per step, the first 1000 steps
//               (the approach to the attractor) left out. 3000 samples by default.
// Two are datasets of independent sequences (SequenceDataset), not one long series:
//   cumsum      input x_t ~ U(0, 1), per-step target Σ_{s ≤ t} x_s (n-to-n, 1 input, 1 output). Each
//               sequence starts its sum at 0: a window cut from one endless running sum could not see
//               the offset accumulated before it.
//   adding      the adding problem (Hochreiter & Schmidhuber 1997; Le et al. 2015): features [value ~
//               U(0, 1), mask]; the mask has exactly two ones, one in the first half (t < T/2) and one in
//               the second; the single target is the sum of the two marked values. T = 250 by default.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lstmkit/data/sequence_dataset.h"
#include "lstmkit/data/series.h"

namespace lstmkit::data {

enum class SyntheticKind { sine, sincos, damped, noisy_sine, linear, lorenz, cumsum, adding };

struct SyntheticOptions {
  SyntheticKind kind = SyntheticKind::sine;
  size_t length = 0;         // rows of a series, or steps T per sequence; 0: default_length(kind)
  double noise = 0.1;        // standard deviation of noisy-sine's noise; other kinds ignore it
  uint64_t seed = 0;         // for noisy-sine, cumsum and adding
  size_t sequences = 10000;  // S, for cumsum and adding
};

// Parses a name listed above; throws lstmkit::UsageError naming `option` and listing the valid names.
SyntheticKind parse_synthetic_kind(const std::string& name, const std::string& option = "`synthetic`");
std::string synthetic_name(SyntheticKind kind);
std::vector<std::string> synthetic_names();
// sine, sincos, noisy-sine 2000 rows; damped 200 points; linear 1000 rows; lorenz 3000; cumsum 10 steps;
// adding 250.
size_t default_length(SyntheticKind kind);
// True for cumsum and adding, which make_sequences builds; the others come from make_series.
bool is_sequence_kind(SyntheticKind kind);

// Throw lstmkit::UsageError for a length below 2, a negative noise or zero sequences, and lstmkit::Error
// when asked for the other family (check is_sequence_kind first).
Series make_series(const SyntheticOptions& options);
SequenceDataset make_sequences(const SyntheticOptions& options);

}  // namespace lstmkit::data
