#pragma once
// The central difference of a scalar loss in one parameter entry, the core of every finite-difference
// gradient check: the tests choose the entries and the tolerance, this perturbs and restores.
#include <cstddef>
#include <functional>

#include "lstmkit/nn/parameters.h"

namespace lstmkit::testing {

// (loss(w + eps) − loss(w − eps)) / 2·eps at p.values()[index], the entry restored afterwards.
double central_difference(nn::Parameters& p, size_t index, float eps, const std::function<double()>& loss);

}  // namespace lstmkit::testing
