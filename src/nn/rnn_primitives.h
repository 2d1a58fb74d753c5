#pragma once
// One layer's oneDNN primitives for one (T, N): forward (prop_kind forward_training or
// forward_inference) and, for training, backward built with the forward one as its hint. Weights are
// requested as `any`; bias and data in the plain layouts of RnnShape.
#include <unordered_map>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

#include "rnn_shape.h"

namespace lstmkit::nn {

struct LayerPrimitives {
  dnnl::rnn_primitive_desc_base fwd_pd;
  dnnl::rnn_primitive_desc_base bwd_pd;  // empty for inference
  dnnl::primitive fwd;
  dnnl::primitive bwd;  // empty for inference
};

// Throws lstmkit::Error when oneDNN rejects the shape.
LayerPrimitives make_layer_primitives(const RnnShape& s, int layer, bool training,
                                      const dnnl::engine& engine);

// A primitive's arguments as oneDNN's C API takes them, built once per plan: dnnl::primitive::execute
// would convert its map into a new vector on every call, i.e. allocate on every decoding step. The
// memories must outlive the array (the plan owns both).
using ExecArgs = std::vector<dnnl_exec_arg_t>;
ExecArgs exec_args(const std::unordered_map<int, dnnl::memory>& args);
// Runs `p` on `stream` and waits; throws dnnl::error as the C++ API does.
void execute(const dnnl::primitive& p, dnnl::stream& stream, const ExecArgs& args);

}  // namespace lstmkit::nn
