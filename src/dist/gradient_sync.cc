#include "lstmkit/dist/gradient_sync.h"

namespace lstmkit::dist {

BatchTotals average_gradients(Communicator& comm, std::span<float> grads, double loss, int64_t count) {
  if (comm.size() == 1) return {loss, count};
  double totals[2] = {loss * static_cast<double>(count), static_cast<double>(count)};
  comm.sum(totals);
  if (totals[1] <= 0) return {0, 0};
  const auto weight = static_cast<float>(static_cast<double>(count) / totals[1]);
  for (float& g : grads) g *= weight;
  comm.sum(grads);
  return {totals[0] / totals[1], static_cast<int64_t>(totals[1])};
}

}  // namespace lstmkit::dist
