#include "sgemm.h"

#include <string>

#include <oneapi/dnnl/dnnl.h>

#include "lstmkit/error.h"
#include "lstmkit/nn/build_counts.h"
#include "lstmkit/nn/dnnl_context.h"

namespace lstmkit::nn {

namespace {

using dims = dnnl::memory::dims;

// op(X) [rows, cols] of a row-major X with leading dimension ld: transposed, X is [cols, rows].
dnnl::memory::desc operand(char trans, int rows, int cols, int ld, dnnl::memory::data_type type) {
  const dims strides = trans == 'T' ? dims{1, ld} : dims{ld, 1};
  return dnnl::memory::desc({rows, cols}, type, strides);
}

}  // namespace

void sgemm(const char* where, char transa, char transb, int M, int N, int K, const float* A, int lda,
           const float* B, int ldb, float beta, float* C, int ldc) {
  const dnnl_status_t status = dnnl_sgemm(transa, transb, M, N, K, 1.0f, A, lda, B, ldb, beta, C, ldc);
  if (status != dnnl_success)
    throw Error(where, "oneDNN sgemm failed with status " + std::to_string(static_cast<int>(status)),
                "check the layer's shapes; this is a bug if they are right");
}

Bf16Gemm::Plan& Bf16Gemm::plan(const Key& key) {
  if (auto it = plans_.find(key); it != plans_.end()) return it->second;
  const auto [transa, transb, M, N, K, lda, ldb, ldc, accumulate] = key;
  using dt = dnnl::memory::data_type;
  const dnnl::memory::desc a = operand(transa, M, K, lda, dt::bf16), b = operand(transb, K, N, ldb, dt::bf16),
                           c = operand('N', M, N, ldc, dt::f32);
  dnnl::primitive_attr attr;
  if (accumulate) {
    dnnl::post_ops sum;
    sum.append_sum(1.0f);
    attr.set_post_ops(sum);
  }
  dnnl::engine& engine = DnnlContext::get().engine();
  const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a, b, c), attr, engine);
  count_primitive();
  Plan p{dnnl::matmul(pd), dnnl::memory(a, engine, DNNL_MEMORY_NONE), dnnl::memory(b, engine, DNNL_MEMORY_NONE),
         dnnl::memory(c, engine, DNNL_MEMORY_NONE)};
  return plans_.emplace(key, std::move(p)).first->second;
}

void Bf16Gemm::operator()(const char* where, char transa, char transb, int M, int N, int K, const bf16_t* A,
                          int lda, const bf16_t* B, int ldb, float beta, float* C, int ldc) {
  try {
    Plan& p = plan({transa, transb, M, N, K, lda, ldb, ldc, beta != 0.0f});
    p.a.set_data_handle(const_cast<bf16_t*>(A));
    p.b.set_data_handle(const_cast<bf16_t*>(B));
    p.c.set_data_handle(C);
    dnnl_exec_arg_t args[] = {{DNNL_ARG_SRC, p.a.get()}, {DNNL_ARG_WEIGHTS, p.b.get()}, {DNNL_ARG_DST, p.c.get()}};
    dnnl::stream& stream = DnnlContext::get().stream();
    dnnl::error::wrap_c_api(dnnl_primitive_execute(p.primitive.get(), stream.get(), 3, args),
                            "could not execute a matmul");
    stream.wait();
  } catch (const dnnl::error& e) {
    throw Error(where, std::string("oneDNN bf16 matmul failed: ") + e.what(),
                "check the layer's shapes; this is a bug if they are right");
  }
}

}  // namespace lstmkit::nn
