#include "sgemm.h"

#include <string>

#include <oneapi/dnnl/dnnl.h>

#include "lstmkit/error.h"

namespace lstmkit::nn {

void sgemm(const char* where, char transa, char transb, int M, int N, int K, const float* A, int lda,
           const float* B, int ldb, float beta, float* C, int ldc) {
  const dnnl_status_t status = dnnl_sgemm(transa, transb, M, N, K, 1.0f, A, lda, B, ldb, beta, C, ldc);
  if (status != dnnl_success)
    throw Error(where, "oneDNN sgemm failed with status " + std::to_string(static_cast<int>(status)),
                "check the layer's shapes; this is a bug if they are right");
}

}  // namespace lstmkit::nn
