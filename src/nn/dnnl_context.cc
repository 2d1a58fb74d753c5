#include "lstmkit/nn/dnnl_context.h"

#include <string>

#include "lstmkit/error.h"
#include "lstmkit/nn/math_threads.h"

namespace lstmkit::nn {

DnnlContext::DnnlContext() {
  try {
    engine_ = dnnl::engine(dnnl::engine::kind::cpu, 0);
    stream_ = dnnl::stream(engine_);
  } catch (const dnnl::error& e) {
    throw Error("oneDNN", std::string("cannot create a CPU engine: ") + e.what(),
                "check that libdnnl.so.2 (oneDNN 2.6) is installed and works");
  }
  flush_denormals_on_math_threads();
}

DnnlContext& DnnlContext::get() {
  static DnnlContext context;
  return context;
}

}  // namespace lstmkit::nn
