#include "support/finite_differences.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace lstmkit::testing {
namespace {

template <typename T>
double difference(T& w, double eps, const Loss& loss, const std::function<void()>& changed) {
  const T w0 = w;
  auto set = [&](T value) {
    w = value;
    if (changed) changed();
  };
  set(static_cast<T>(w0 + eps));
  const double up = loss();
  set(static_cast<T>(w0 - eps));
  const double down = loss();
  set(w0);
  return (up - down) / (2.0 * eps);
}

template <typename T>
std::vector<double> gradient(std::span<T> x, double eps, const Loss& loss, const std::function<void()>& changed) {
  std::vector<double> g(x.size());
  for (size_t i = 0; i < x.size(); ++i) g[i] = difference(x[i], eps, loss, changed);
  return g;
}

const nn::ParamView& view_of(const nn::Parameters& p, size_t index) {
  for (const nn::ParamView& v : p.views())
    if (index >= v.offset && index < v.offset + v.size) return v;
  throw std::out_of_range("no tensor holds entry " + std::to_string(index));
}

}  // namespace

double central_difference(float& w, double eps, const Loss& loss, const std::function<void()>& changed) {
  return difference(w, eps, loss, changed);
}

double central_difference(double& w, double eps, const Loss& loss) { return difference(w, eps, loss, {}); }

double central_difference(nn::Parameters& p, size_t index, double eps, const Loss& loss) {
  return difference(p.values()[index], eps, loss, [&p] { p.mark_updated(); });
}

std::vector<double> numeric_gradient(std::span<float> x, double eps, const Loss& loss,
                                     const std::function<void()>& changed) {
  return gradient(x, eps, loss, changed);
}

std::vector<double> numeric_gradient(std::span<double> x, double eps, const Loss& loss) {
  return gradient(x, eps, loss, {});
}

std::vector<double> numeric_gradient(nn::Parameters& p, double eps, const Loss& loss) {
  return gradient(p.values(), eps, loss, [&p] { p.mark_updated(); });
}

std::vector<size_t> sampled_entries(const nn::Parameters& p, int per_tensor, Rng& pick,
                                    const std::function<bool(const nn::ParamView&)>& every) {
  std::vector<size_t> at;
  for (const nn::ParamView& v : p.views()) {
    if (every && every(v)) {
      for (size_t k = 0; k < v.size; ++k) at.push_back(v.offset + k);
    } else {
      for (int i = 0; i < per_tensor; ++i) at.push_back(v.offset + pick.below(v.size));
    }
  }
  return at;
}

void expect_gradient(nn::Parameters& p, std::span<const float> analytic, const std::vector<size_t>& entries,
                     double eps, Tolerance tol, const Loss& loss) {
  for (const size_t i : entries) {
    const double numeric = central_difference(p, i, eps, loss);
    const nn::ParamView& v = view_of(p, i);
    EXPECT_NEAR(analytic[i], numeric, tol.abs + tol.rel * std::abs(numeric)) << v.name << "[" << i - v.offset << "]";
  }
}

}  // namespace lstmkit::testing
