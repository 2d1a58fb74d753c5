#pragma once
// The layers' matrix products on oneDNN (row-major, as PyTorch stores weights): f32 SGEMM, and the same
// product on bf16 operands with f32 accumulation and output for bf16 heads.
#include <cstdint>
#include <map>
#include <tuple>

#include <oneapi/dnnl/dnnl.hpp>

#include "lstmkit/nn/bf16.h"

namespace lstmkit::nn {

// C [M, N] = op(A) op(B) + beta·C with op(A) [M, K], op(B) [K, N]; transa/transb 'N' or 'T'. A failure
// (only possible for inconsistent shapes) is an lstmkit::Error at `where`, the calling layer.
void sgemm(const char* where, char transa, char transb, int M, int N, int K, const float* A, int lda,
           const float* B, int ldb, float beta, float* C, int ldc);

// sgemm's product on bf16 A and B (C stays f32; beta 0 or 1), on a oneDNN matmul primitive created once
// per shape and kept: repeated calls of one shape build nothing and allocate nothing. One thread at a
// time per object.
class Bf16Gemm {
 public:
  void operator()(const char* where, char transa, char transb, int M, int N, int K, const bf16_t* A, int lda,
                  const bf16_t* B, int ldb, float beta, float* C, int ldc);

 private:
  struct Plan {
    dnnl::matmul primitive;
    dnnl::memory a, b, c;
  };
  using Key = std::tuple<char, char, int, int, int, int, int, int, bool>;
  Plan& plan(const Key& key);
  std::map<Key, Plan> plans_;
};

}  // namespace lstmkit::nn
