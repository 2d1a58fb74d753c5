#include "lstmkit/data/synthetic.h"

#include <cmath>
#include <numbers>

#include "lstmkit/error.h"
#include "lstmkit/rng.h"

namespace lstmkit::data {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr size_t kSinePeriod = 80;     // steps per cycle of sine and noisy-sine
constexpr size_t kSinCosPeriod = 200;  // steps per 2π of sincos

struct KindName {
  SyntheticKind kind;
  const char* name;
};
constexpr KindName kNames[] = {
    {SyntheticKind::sine, "sine"},     {SyntheticKind::sincos, "sincos"},
    {SyntheticKind::damped, "damped"}, {SyntheticKind::noisy_sine, "noisy-sine"},
    {SyntheticKind::linear, "linear"}, {SyntheticKind::lorenz, "lorenz"},
    {SyntheticKind::cumsum, "cumsum"},
    {SyntheticKind::adding, "adding"},
};

// Phases are taken modulo the period, so the periodic series repeat bit for bit.
float sine_at(size_t t) {
  return static_cast<float>(std::sin(2.0 * kPi * static_cast<double>(t % kSinePeriod) / kSinePeriod));
}

float sincos_at(size_t t) {
  const double u = 2.0 * kPi * static_cast<double>(t % kSinCosPeriod) / kSinCosPeriod;
  return static_cast<float>(3.0 * std::sin(5.0 * u) - 5.0 * std::cos(3.0 * u));
}

// The Lorenz system's x after `n` samples, one per RK4 step of kLorenzStep, past the transient.
std::vector<float> lorenz_x(size_t n) {
  constexpr double kSigma = 10.0, kRho = 28.0, kBeta = 8.0 / 3.0, kLorenzStep = 0.01;
  constexpr size_t kTransient = 1000;
  struct State {
    double x, y, z;
  };
  auto derivative = [](const State& s) {
    return State{kSigma * (s.y - s.x), s.x * (kRho - s.z) - s.y, s.x * s.y - kBeta * s.z};
  };
  auto moved = [](const State& s, const State& d, double h) { return State{s.x + h * d.x, s.y + h * d.y, s.z + h * d.z}; };
  State s{1.0, 1.0, 1.0};
  std::vector<float> x;
  x.reserve(n);
  for (size_t step = 0; x.size() < n; ++step) {
    const double h = kLorenzStep;
    const State k1 = derivative(s), k2 = derivative(moved(s, k1, h / 2)), k3 = derivative(moved(s, k2, h / 2)),
                k4 = derivative(moved(s, k3, h));
    s = {s.x + h / 6 * (k1.x + 2 * k2.x + 2 * k3.x + k4.x), s.y + h / 6 * (k1.y + 2 * k2.y + 2 * k3.y + k4.y),
         s.z + h / 6 * (k1.z + 2 * k2.z + 2 * k3.z + k4.z)};
    if (step + 1 >= kTransient) x.push_back(static_cast<float>(s.x));
  }
  return x;
}

size_t checked_length(const SyntheticOptions& o) {
  const size_t n = o.length ? o.length : default_length(o.kind);
  if (n < 2)
    throw UsageError("`length`", "length " + std::to_string(n) + " is too short",
                     "use a length of at least 2");
  return n;
}

void check_sequences(const SyntheticOptions& o) {
  if (o.sequences == 0)
    throw UsageError("`sequences`", "0 sequences requested", "generate at least one sequence");
}

SequenceDataset cumsum_sequences(size_t S, size_t T, Rng& rng) {
  SequenceDataset d{S, T, 1, 1, true, {}, {}, {"x"}, {"sum"}};
  d.inputs.resize(S * T);
  d.targets.resize(S * T);
  for (size_t s = 0; s < S; ++s) {
    double sum = 0.0;
    for (size_t t = 0; t < T; ++t) {
      const float x = rng.uniform();
      sum += x;
      d.inputs[s * T + t] = x;
      d.targets[s * T + t] = static_cast<float>(sum);
    }
  }
  return d;
}

SequenceDataset adding_sequences(size_t S, size_t T, Rng& rng) {
  SequenceDataset d{S, T, 2, 1, false, {}, {}, {"value", "mask"}, {"sum"}};
  d.inputs.assign(S * T * 2, 0.0f);  // [S, T, 2]: feature 0 the value, feature 1 the mask
  d.targets.resize(S);               // [S, 1]
  const size_t half = T / 2;
  for (size_t s = 0; s < S; ++s) {
    float* seq = d.inputs.data() + s * T * 2;
    for (size_t t = 0; t < T; ++t) seq[t * 2] = rng.uniform();
    const size_t first = rng.below(half);
    const size_t second = half + rng.below(T - half);
    seq[first * 2 + 1] = 1.0f;
    seq[second * 2 + 1] = 1.0f;
    d.targets[s] = seq[first * 2] + seq[second * 2];
  }
  return d;
}

}  // namespace

SyntheticKind parse_synthetic_kind(const std::string& name, const std::string& option) {
  for (const auto& k : kNames)
    if (name == k.name) return k.kind;
  std::string valid;
  for (const auto& k : kNames) valid += (valid.empty() ? "" : ", ") + std::string(k.name);
  throw UsageError(option, "unknown synthetic series '" + name + "'", "use one of: " + valid);
}

std::string synthetic_name(SyntheticKind kind) {
  for (const auto& k : kNames)
    if (k.kind == kind) return k.name;
  return "";
}

std::vector<std::string> synthetic_names() {
  std::vector<std::string> out;
  for (const auto& k : kNames) out.emplace_back(k.name);
  return out;
}

size_t default_length(SyntheticKind kind) {
  switch (kind) {
    case SyntheticKind::sine:
    case SyntheticKind::sincos:
    case SyntheticKind::noisy_sine: return 2000;
    case SyntheticKind::damped: return 200;
    case SyntheticKind::linear: return 1000;
    case SyntheticKind::lorenz: return 3000;
    case SyntheticKind::cumsum: return 10;
    case SyntheticKind::adding: return 250;
  }
  return 0;
}

bool is_sequence_kind(SyntheticKind kind) {
  return kind == SyntheticKind::cumsum || kind == SyntheticKind::adding;
}

Series make_series(const SyntheticOptions& o) {
  if (is_sequence_kind(o.kind))
    throw Error("`synthetic`", synthetic_name(o.kind) + " is a dataset of sequences, not one series",
                "build it with make_sequences");
  if (!(o.noise >= 0.0))
    throw UsageError("`noise`", "noise " + std::to_string(o.noise) + " is negative",
                     "give the noise standard deviation, e.g. 0.1");
  const size_t n = checked_length(o);
  if (o.kind == SyntheticKind::lorenz) return univariate("value", lorenz_x(n));
  std::vector<float> x(n);
  Rng rng(o.seed);
  for (size_t t = 0; t < n; ++t) {
    switch (o.kind) {
      case SyntheticKind::sine: x[t] = sine_at(t); break;
      case SyntheticKind::sincos: x[t] = sincos_at(t); break;
      case SyntheticKind::damped: {
        const double u = 5.0 * kPi * static_cast<double>(t) / static_cast<double>(n - 1);
        x[t] = static_cast<float>(std::exp(-u / 5.0) * std::cos(u));
        break;
      }
      case SyntheticKind::noisy_sine: x[t] = static_cast<float>(sine_at(t) + o.noise * rng.normal()); break;
      case SyntheticKind::linear: x[t] = static_cast<float>(0.01 * static_cast<double>(t)); break;
      case SyntheticKind::lorenz:
      case SyntheticKind::cumsum:
      case SyntheticKind::adding: break;
    }
  }
  return univariate("value", std::move(x));
}

SequenceDataset make_sequences(const SyntheticOptions& o) {
  if (!is_sequence_kind(o.kind))
    throw Error("`synthetic`", synthetic_name(o.kind) + " is one series, not a dataset of sequences",
                "build it with make_series");
  check_sequences(o);
  const size_t T = checked_length(o);
  Rng rng(o.seed);
  return o.kind == SyntheticKind::cumsum ? cumsum_sequences(o.sequences, T, rng)
                                         : adding_sequences(o.sequences, T, rng);
}

}  // namespace lstmkit::data
