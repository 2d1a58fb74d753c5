#pragma once
// Central differences, the core of every finite-difference gradient check: the tests choose the entries,
// the step and the tolerance; these perturb, restore and (for nn::Parameters) tell the layers.
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "lstmkit/nn/parameters.h"
#include "lstmkit/rng.h"
#include "support/compare.h"

namespace lstmkit::testing {

using Loss = std::function<double()>;

// (loss(w + eps) − loss(w − eps)) / 2·eps, w restored afterwards. `changed` runs after every write, for
// values a layer caches (a weight's reordered copy: nn::Parameters::mark_updated).
double central_difference(float& w, double eps, const Loss& loss, const std::function<void()>& changed = {});
double central_difference(double& w, double eps, const Loss& loss);
// The same at p.values()[index], the layers told of every write.
double central_difference(nn::Parameters& p, size_t index, double eps, const Loss& loss);

// The central difference at every entry of x, in order.
std::vector<double> numeric_gradient(std::span<float> x, double eps, const Loss& loss,
                                     const std::function<void()>& changed = {});
std::vector<double> numeric_gradient(std::span<double> x, double eps, const Loss& loss);
std::vector<double> numeric_gradient(nn::Parameters& p, double eps, const Loss& loss);

// Entries of p to check, in the order of p.views(): every entry of the tensors `every` accepts and
// `per_tensor` entries of each other tensor drawn from `pick`.
std::vector<size_t> sampled_entries(const nn::Parameters& p, int per_tensor, Rng& pick,
                                    const std::function<bool(const nn::ParamView&)>& every = {});

// Checks analytic[i] against the central difference at each of `entries` of p (|analytic − numeric| ≤
// tol.abs + tol.rel·|numeric|), a failure named by its tensor and index within it.
void expect_gradient(nn::Parameters& p, std::span<const float> analytic, const std::vector<size_t>& entries,
                     double eps, Tolerance tol, const Loss& loss);

}  // namespace lstmkit::testing
