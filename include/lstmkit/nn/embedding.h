#pragma once
// A learned embedding, PyTorch's nn.Embedding: a table `<prefix>.weight` [V, E] whose row v is the input
// vector of token v. forward gathers rows, backward scatter-adds into the table's gradient (a token seen
// k times in a batch gets the sum of its k row gradients). This is the same math as a one-hot input
// [T·N, V] times the table, without the [T·N, V] buffer: memory grows with the tokens, not with T·N·V.
//
// padding_idx (as PyTorch's): that row is initialised to zero and never receives a gradient from this
// layer, so a <pad> input stays the zero vector while the rest of the table trains.
// Weight tying: an Embedding may read a [V, E] tensor another layer registered (a Dense head's weight
// [V, H] with E = H); both layers then add their gradients into the one tensor, so its gradient is the
// sum of both uses, and the owner initialises it.
#include <cstdint>
#include <string>
#include <vector>

#include "lstmkit/nn/init.h"
#include "lstmkit/nn/parameters.h"
#include "lstmkit/rng.h"

namespace lstmkit::nn {

inline constexpr int kNoPadding = -1;

class Embedding {
 public:
  // Registers parameter_shapes(): `<prefix>.weight` [V, E].
  Embedding(Parameters& params, const std::string& prefix, int vocab, int width, int padding_idx = kNoPadding);
  // Reads the already registered [V, E] tensor `table` (tying); initialize() leaves it to its owner.
  Embedding(Parameters& params, ParamId table, int padding_idx = kNoPadding);

  // `<prefix>.weight` [V, E]. Throws lstmkit::Error unless V and E are in [1, kMaxWidth] (recurrent.h).
  static std::vector<ParamShape> parameter_shapes(const std::string& prefix, int vocab, int width);

  int vocab() const { return vocab_; }
  int width() const { return width_; }
  ParamId weight() const { return weight_; }
  bool tied() const { return tied_; }

  // keras: uniform(±0.05), Keras' Embedding default; torch: N(0, 1), nn.Embedding's. The padding row is
  // zeroed either way. Does nothing for a tied table.
  void initialize(InitScheme scheme, Rng& rng);

  // ids [rows] → x [rows, E]. Throws lstmkit::Error for an id outside [0, V), before writing anything.
  void forward(int rows, const int32_t* ids, float* x) const;

  // dx [rows, E] for the ids of the matching forward: ADDS row r of dx into the gradient's row ids[r],
  // except for padding_idx.
  void backward(int rows, const int32_t* ids, const float* dx);

 private:
  Parameters& params_;
  ParamId weight_;
  int vocab_, width_, padding_idx_;
  bool tied_;
};

}  // namespace lstmkit::nn
