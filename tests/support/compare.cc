#include "support/compare.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace lstmkit::testing {
namespace {

constexpr size_t kShown = 6;  // leading values printed from each array on failure

template <typename A, typename E>
void print_head(std::ostringstream& out, std::span<const A> a, std::span<const E> e) {
  out << "\n  first actual:  ";
  for (size_t i = 0; i < std::min(kShown, a.size()); ++i) out << ' ' << static_cast<double>(a[i]);
  out << "\n  first expected:";
  for (size_t i = 0; i < std::min(kShown, e.size()); ++i) out << ' ' << static_cast<double>(e[i]);
}

template <typename A, typename E>
::testing::AssertionResult compare(std::span<const A> actual, std::span<const E> expected, Tolerance tol) {
  if (actual.size() != expected.size())
    return ::testing::AssertionFailure() << "sizes differ: actual " << actual.size() << ", expected "
                                         << expected.size();
  for (size_t i = 0; i < actual.size(); ++i)
    if (!std::isfinite(static_cast<double>(actual[i])) || !std::isfinite(static_cast<double>(expected[i])))
      return ::testing::AssertionFailure() << "non-finite value at [" << i << "]: actual "
                                           << static_cast<double>(actual[i]) << ", expected "
                                           << static_cast<double>(expected[i]);
  size_t bad = 0, first_bad = 0, worst_abs_i = 0, worst_rel_i = 0;
  double worst_abs = 0.0, worst_rel = 0.0;
  for (size_t i = 0; i < actual.size(); ++i) {
    const double a = static_cast<double>(actual[i]), e = static_cast<double>(expected[i]);
    const double diff = std::fabs(a - e);
    if (diff > tol.abs + tol.rel * std::fabs(e) && bad++ == 0) first_bad = i;
    if (diff > worst_abs) worst_abs = diff, worst_abs_i = i;
    const double rel = diff / std::max(std::fabs(e), 1e-300);
    if (rel > worst_rel) worst_rel = rel, worst_rel_i = i;
  }
  std::ostringstream out;
  out.precision(10);
  out << actual.size() << " values (rel " << tol.rel << ", abs " << tol.abs << "): ";
  if (bad == 0) return ::testing::AssertionSuccess() << out.str() << "worst abs " << worst_abs;
  out << bad << " outside tolerance, first at [" << first_bad << "] "
      << static_cast<double>(actual[first_bad]) << " vs " << static_cast<double>(expected[first_bad]) << "\n  worst abs " << worst_abs << " at ["
      << worst_abs_i << "] " << static_cast<double>(actual[worst_abs_i]) << " vs "
      << static_cast<double>(expected[worst_abs_i]) << "\n  worst rel " << worst_rel << " at ["
      << worst_rel_i << "] " << static_cast<double>(actual[worst_rel_i]) << " vs "
      << static_cast<double>(expected[worst_rel_i]);
  print_head(out, actual, expected);
  return ::testing::AssertionFailure() << out.str();
}

template <typename T>
::testing::AssertionResult finite(std::span<const T> values) {
  for (size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      return ::testing::AssertionFailure() << "value [" << i << "] of " << values.size() << " is "
                                           << values[i];
  return ::testing::AssertionSuccess() << values.size() << " finite values";
}

}  // namespace

::testing::AssertionResult all_close(std::span<const double> actual, std::span<const double> expected,
                                     Tolerance tol) {
  return compare(actual, expected, tol);
}
::testing::AssertionResult all_close(std::span<const float> actual, std::span<const double> expected,
                                     Tolerance tol) {
  return compare(actual, expected, tol);
}
::testing::AssertionResult all_close(std::span<const float> actual, std::span<const float> expected,
                                     Tolerance tol) {
  return compare(actual, expected, tol);
}

::testing::AssertionResult all_finite(std::span<const float> values) { return finite(values); }
::testing::AssertionResult all_finite(std::span<const double> values) { return finite(values); }

std::vector<double> random_doubles(size_t n, Rng& rng, double lo, double hi) {
  std::vector<double> v(n);
  for (auto& x : v) x = lo + (hi - lo) * (static_cast<double>(rng.next_u64() >> 11) * 0x1.0p-53);
  return v;
}

std::vector<float> random_floats(size_t n, Rng& rng, float lo, float hi) {
  std::vector<float> v(n);
  for (auto& x : v) x = rng.uniform(lo, hi);
  return v;
}

}  // namespace lstmkit::testing
