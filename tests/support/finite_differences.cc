#include "support/finite_differences.h"

namespace lstmkit::testing {

double central_difference(nn::Parameters& p, size_t index, float eps, const std::function<double()>& loss) {
  float& w = p.values()[index];
  const float w0 = w;
  w = w0 + eps;
  p.mark_updated();
  const double up = loss();
  w = w0 - eps;
  p.mark_updated();
  const double down = loss();
  w = w0;
  p.mark_updated();
  return (up - down) / (2.0 * eps);
}

}  // namespace lstmkit::testing
