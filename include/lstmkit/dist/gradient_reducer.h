#pragma once
// The one step that makes data-parallel training equal to training on the whole batch in one process.
// Each rank's gradient is that of its mean loss over its `count` units, so the global batch's gradient is
// Σ_r (count_r / Σ count) · grad_r: the mean over the global batch, not the mean of the ranks' means,
// which differ when shards are unequal. The flat gradient buffer is summed over the ranks in buckets
// (contiguous runs of whole tensors, in place), each sent as soon as backward has finished it (the model
// says so through nn::Parameters' listener), on a communication thread while backward goes on; the
// trainer's seam, finish(), sends what is left and waits for all of it before clipping and the step.
//
// MPI matches collectives by their order, so every rank must send the buckets in one order whatever its
// backward did (a rank with no examples runs none): the first step sends them all at the seam in buffer
// order, and rank 0's order of readiness in that step becomes everyone's from the second step on.
// Each float is weighted and summed exactly as by one allreduce of the whole buffer, so the result does
// not depend on the bucket size.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "lstmkit/dist/communicator.h"
#include "lstmkit/nn/parameters.h"

namespace lstmkit::dist {

struct BatchTotals {
  double loss = 0;    // mean over the global batch
  int64_t count = 0;  // units of the global batch
};

// Communication time of the steps so far, in seconds.
struct ReduceTimes {
  double total = 0;    // in collectives (waiting for the slowest rank included)
  double exposed = 0;  // of which the seam waited for: not hidden behind backward
};

// Bucket size in bytes: $LSTMKIT_ALLREDUCE_BUCKET_BYTES, or 4 MiB; 0 is one bucket for the whole buffer
// (the allreduce then runs at the seam only).
size_t bucket_bytes_from_environment();

class GradientReducer final : public nn::GradientListener {
 public:
  // Splits `params`' gradient buffer into buckets of at most `bucket_bytes` (0: one bucket) at tensor
  // boundaries (a larger tensor alone, in pieces) and becomes its listener until destroyed.
  GradientReducer(Communicator& comm, nn::Parameters& params, size_t bucket_bytes);
  ~GradientReducer() override;
  GradientReducer(const GradientReducer&) = delete;
  GradientReducer& operator=(const GradientReducer&) = delete;

  void backward_started(int64_t units) override;
  void gradients_final(size_t offset, size_t size) override;

  // The seam, on every rank after its backward: replaces the gradients (of this rank's mean loss `loss`
  // over `count` units) by the global batch's and returns the global loss and count. One rank: returns
  // its own, gradients as they are. Throws lstmkit::Error when the model announced another count.
  BatchTotals finish(double loss, int64_t count);

  size_t buckets() const;
  ReduceTimes times() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lstmkit::dist
