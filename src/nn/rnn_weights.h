#pragma once
// One layer's parameters as oneDNN's primitives want them, and the way back for their gradients.
//
// Forward: a plain staging copy in oneDNN gate order (weights ldgoi, bias ldgo) is rebuilt from the
// PyTorch tensors when Parameters::version() moves; each layout a primitive asked for (forward packs
// differently from backward, inference differently again) keeps its own copy, reordered from staging
// at most once per version. A call with unchanged parameters does no weight work at all.
//
// Backward: diff weights come in the backward primitive's layout (ldigo); they are reordered to plain
// ldgoi and added into the PyTorch grads. oneDNN accumulates into them, so zero_diffs() comes first.
#include <cstdint>
#include <memory>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

#include "lstmkit/nn/parameters.h"
#include "rnn_shape.h"

namespace lstmkit::nn {

// weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k} (with the suffix _reverse for the
// right-to-left direction of a bidirectional layer)
struct LayerParamIds {
  ParamId w_ih = 0, w_hh = 0, b_ih = 0, b_hh = 0;
};

enum class WeightMatrix { layer, iter };  // oneDNN's weights_layer (W_ih) and weights_iter (W_hh)

struct WeightCopy {
  dnnl::memory::desc desc;
  dnnl::memory memory;       // [G, H, C] in `desc`, what the primitive reads
  dnnl::memory plain;        // the staging it is reordered from
  dnnl::reorder from_plain;  // empty when `desc` is the plain layout: `memory` is the staging itself
  uint64_t version = 0;      // Parameters::version() it was reordered at
};

struct DiffCopy {
  dnnl::memory::desc desc;
  dnnl::memory memory;     // what the backward primitive accumulates into
  dnnl::reorder to_plain;  // empty when `desc` is already plain
};

class LayerWeights {
 public:
  // ids: one set per direction, [D].
  LayerWeights(const RnnShape& shape, int layer, std::vector<LayerParamIds> ids, const dnnl::engine& engine);

  // At build time: the copy or diff buffer in a primitive's layout (created once per layout; the
  // reference stays valid for this object's life).
  WeightCopy& copy(WeightMatrix m, const dnnl::memory::desc& desc);
  DiffCopy& diff(WeightMatrix m, const dnnl::memory::desc& desc);
  const dnnl::memory& bias() const { return bias_; }            // [D, Gb, H] ldgo
  const dnnl::memory& diff_bias() const { return diff_bias_; }  // [D, Gb, H] ldgo

  // At call time: brings `c` (and the staging) up to params.version().
  void make_current(WeightCopy& c, const Parameters& params, dnnl::stream& stream);

  // The parameters of this layer, one set per direction.
  const std::vector<LayerParamIds>& ids() const { return ids_; }

  // Copies brought up to a new version so far (to check: once per update, never per call).
  uint64_t reorders() const { return reorders_; }

  void zero_diffs(DiffCopy& layer, DiffCopy& iter);
  // params.grad(...) += the diffs of the last backward, converted to PyTorch's layout.
  void add_grads(DiffCopy& layer, DiffCopy& iter, Parameters& params, dnnl::stream& stream);

 private:
  struct Matrix {
    int cols = 0;                // C: I_k (padded) for weights_layer, H for weights_iter
    int torch_cols = 0;          // the PyTorch tensor's C: cols without the padding
    dnnl::memory plain;          // staging [D, G, H, C] ldgoi
    dnnl::memory diff_plain;     // [D, G, H, C] ldgoi
    std::vector<std::unique_ptr<WeightCopy>> copies;
    std::vector<std::unique_ptr<DiffCopy>> diffs;
  };
  Matrix& matrix(WeightMatrix m) { return m == WeightMatrix::layer ? layer_ : iter_; }
  void refresh_staging(const Parameters& params);
  // d's gradient into m.diff_plain (a no-op when the backward primitive already wrote plain ldgoi).
  void to_plain(DiffCopy& d, Matrix& m, dnnl::stream& stream);
  // Floats of one direction's block in a plain matrix [G, H, C] and in the bias [Gb, H].
  size_t block(const Matrix& m) const { return static_cast<size_t>(shape_.G()) * shape_.H * m.cols; }
  size_t bias_block() const { return static_cast<size_t>(onednn_bias_rows(shape_.cell)) * shape_.H; }

  RnnShape shape_;
  std::vector<LayerParamIds> ids_;  // [D]
  dnnl::engine engine_;
  Matrix layer_, iter_;
  dnnl::memory bias_, diff_bias_;
  uint64_t staging_version_ = 0;
  uint64_t reorders_ = 0;
};

}  // namespace lstmkit::nn
