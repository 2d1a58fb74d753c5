#pragma once
// Reassembling a tensor the ranks hold in parts split along dimension 1 (a language model's carried
// state [layers, streams, hidden], each rank holding its streams), so that a checkpoint holds the whole.
#include <cstdint>
#include <vector>

#include "lstmkit/dist/communicator.h"

namespace lstmkit::dist {

struct GatheredTensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

// `shape` is this rank's part ([d0, n_rank, …], dimension 0 and the rest equal on every rank); returns,
// on every rank, the whole [d0, Σ n_rank, …] with the ranks' parts in rank order.
GatheredTensor gather_dim1(Communicator& comm, const std::vector<int64_t>& shape, const float* data);

}  // namespace lstmkit::dist
