#pragma once
// The one oneDNN engine (CPU, index 0) and stream every layer executes on. Primitives and memories are
// bound to an engine, so sharing it lets layers exchange memories; CPU execution on this in-order stream
// is synchronous, and wait() makes that explicit before the host reads a result. Creating it sets
// flush-to-zero and denormals-are-zero on oneDNN's math threads (math_threads.h).
#include <oneapi/dnnl/dnnl.hpp>

namespace lstmkit::nn {

class DnnlContext {
 public:
  // Created on first use; throws lstmkit::Error if oneDNN cannot create a CPU engine.
  static DnnlContext& get();

  dnnl::engine& engine() { return engine_; }
  dnnl::stream& stream() { return stream_; }

  DnnlContext(const DnnlContext&) = delete;
  DnnlContext& operator=(const DnnlContext&) = delete;

 private:
  DnnlContext();
  dnnl::engine engine_;
  dnnl::stream stream_;
};

}  // namespace lstmkit::nn
