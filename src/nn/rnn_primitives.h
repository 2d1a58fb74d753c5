#pragma once
// One layer's oneDNN primitives for one (T, N): forward (prop_kind forward_training or
// forward_inference) and, for training, backward built with the forward one as its hint. Weights are
// requested as `any`; bias and data in the plain layouts of RnnShape.
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

}  // namespace lstmkit::nn
