#pragma once
// Array comparison for tests: one call checks every element, and a failure names the worst absolute and
// relative differences (index and both values), the number of mismatches and the first few values of
// each array, so a broken kernel is diagnosed from the log alone. NaN or Inf in either array fails.
#include <cstdint>
#include <span>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/rng.h"

namespace lstmkit::testing {

// An element passes when |actual - expected| <= abs + rel · |expected|.
struct Tolerance {
  double rel = 1e-6;
  double abs = 1e-9;
};

// Usage: EXPECT_TRUE(all_close(got, want, {.rel = 1e-5, .abs = 1e-6}));
::testing::AssertionResult all_close(std::span<const double> actual, std::span<const double> expected,
                                     Tolerance tol = {});
::testing::AssertionResult all_close(std::span<const float> actual, std::span<const double> expected,
                                     Tolerance tol = {});
::testing::AssertionResult all_close(std::span<const float> actual, std::span<const float> expected,
                                     Tolerance tol = {});

// Fails on the first NaN or Inf, naming its index.
::testing::AssertionResult all_finite(std::span<const float> values);
::testing::AssertionResult all_finite(std::span<const double> values);

// Seeded test data: n values uniform in [lo, hi).
std::vector<double> random_doubles(size_t n, Rng& rng, double lo = -1.0, double hi = 1.0);
std::vector<float> random_floats(size_t n, Rng& rng, float lo = -1.0f, float hi = 1.0f);

}  // namespace lstmkit::testing
