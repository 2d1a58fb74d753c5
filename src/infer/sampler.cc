#include "lstmkit/infer/sampler.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "lstmkit/error.h"

namespace lstmkit::infer {

namespace {
std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

// Most likely first; equal probabilities by lower id, so the kept set never depends on the sort.
bool more_likely(const std::pair<int32_t, double>& a, const std::pair<int32_t, double>& b) {
  return a.second != b.second ? a.second > b.second : a.first < b.first;
}
}  // namespace

void validate(const SamplerOptions& options) {
  if (!(std::isfinite(options.temperature) && options.temperature > 0.0))
    throw UsageError("`temperature`", "temperature " + number(options.temperature) + " is not > 0",
                     "use e.g. 0.8 (lower is more conservative), or `greedy` for the most likely token");
  if (options.top_k < 0)
    throw UsageError("`top_k`", "top-k " + std::to_string(options.top_k) + " is negative",
                     "use a positive count, or 0 to keep every token");
  if (!(options.top_p > 0.0 && options.top_p <= 1.0))
    throw UsageError("`top_p`", "top-p " + number(options.top_p) + " is outside (0, 1]",
                     "use e.g. 0.9, or 1 to keep every token");
  for (int32_t id : options.banned)
    if (id < 0)
      throw UsageError("banned ids", "token id " + std::to_string(id) + " is negative",
                       "ban ids of the vocabulary (>= 0)");
}

Sampler::Sampler(SamplerOptions options) : options_(std::move(options)) { validate(options_); }

int32_t Sampler::argmax(std::span<const float> logits) {
  const size_t V = logits.size();
  if (banned_mask_.size() != V) {
    banned_mask_.assign(V, 0);
    for (int32_t id : options_.banned)
      if (static_cast<size_t>(id) < V) banned_mask_[static_cast<size_t>(id)] = 1;
  }
  int32_t best = -1;
  float best_logit = -std::numeric_limits<float>::infinity();
  for (size_t v = 0; v < V; ++v) {
    const float l = logits[v];
    if (std::isnan(l) || l == std::numeric_limits<float>::infinity())
      throw Error("logits", "the logit of token " + std::to_string(v) + " is " + number(l),
                  "the model has diverged; use an earlier checkpoint or retrain with a lower `lr`");
    // Strictly greater: ties go to the lowest id.
    if (!banned_mask_[v] && l > best_logit) {
      best = static_cast<int32_t>(v);
      best_logit = l;
    }
  }
  if (best < 0)
    throw Error("logits", "no token of " + std::to_string(V) + " can be emitted (all banned or -inf)",
                "check the model's vocabulary and the banned ids");
  return best;
}

double Sampler::filter(std::span<const float> logits) {
  // Subtracting the largest allowed logit keeps every exponent ≤ 0: no overflow even for logits of 1e4.
  const double top = logits[static_cast<size_t>(argmax(logits))];
  const double inv_temperature = 1.0 / options_.temperature;
  candidates_.clear();
  double total = 0.0;
  for (size_t v = 0; v < logits.size(); ++v) {
    if (banned_mask_[v]) continue;
    const double w = std::exp((static_cast<double>(logits[v]) - top) * inv_temperature);
    if (w == 0.0) continue;  // −inf logits, and tokens far below the top at this temperature
    candidates_.emplace_back(static_cast<int32_t>(v), w);
    total += w;
  }
  const auto k = static_cast<size_t>(options_.top_k);
  if (k > 0 && k < candidates_.size()) {
    std::nth_element(candidates_.begin(), candidates_.begin() + static_cast<std::ptrdiff_t>(k - 1),
                     candidates_.end(), more_likely);
    candidates_.resize(k);
    total = 0.0;
    for (const auto& c : candidates_) total += c.second;
  }
  if (options_.top_p < 1.0) {
    std::sort(candidates_.begin(), candidates_.end(), more_likely);
    // The relative slack keeps rounding in the running sum from adding one more token when the
    // cumulative probability lands exactly on p.
    const double threshold = options_.top_p * total * (1.0 - 1e-9);
    double cumulative = 0.0;
    size_t kept = 0;
    while (kept < candidates_.size() && cumulative < threshold) cumulative += candidates_[kept++].second;
    candidates_.resize(std::max<size_t>(kept, 1));
    total = 0.0;
    for (const auto& c : candidates_) total += c.second;
  }
  return total;
}

int32_t Sampler::sample(std::span<const float> logits, Rng& rng) {
  if (options_.greedy) return argmax(logits);
  const double total = filter(logits);
  const double u = static_cast<double>(rng.uniform()) * total;
  double cumulative = 0.0;
  for (const auto& [id, w] : candidates_) {
    cumulative += w;
    if (u < cumulative) return id;
  }
  // Only reachable when rounding leaves u at the very top of the total.
  return candidates_.back().first;
}

std::vector<double> Sampler::distribution(std::span<const float> logits) {
  std::vector<double> probs(logits.size(), 0.0);
  if (options_.greedy) {
    probs[static_cast<size_t>(argmax(logits))] = 1.0;
    return probs;
  }
  const double total = filter(logits);
  for (const auto& [id, w] : candidates_) probs[static_cast<size_t>(id)] = w / total;
  return probs;
}

}  // namespace lstmkit::infer
