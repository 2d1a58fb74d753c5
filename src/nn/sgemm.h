#pragma once
// The layers' matrix products on oneDNN's SGEMM (row-major, as PyTorch stores weights).
namespace lstmkit::nn {

// C [M, N] = op(A) op(B) + beta·C with op(A) [M, K], op(B) [K, N]; transa/transb 'N' or 'T'. A failure
// (only possible for inconsistent shapes) is an lstmkit::Error at `where`, the calling layer.
void sgemm(const char* where, char transa, char transb, int M, int N, int K, const float* A, int lda,
           const float* B, int ldb, float beta, float* C, int ldc);

}  // namespace lstmkit::nn
