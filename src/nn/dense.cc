#include "lstmkit/nn/dense.h"

#include <algorithm>
#include <cmath>

#include "lstmkit/error.h"
#include "lstmkit/nn/bf16.h"
#include "lstmkit/nn/build_counts.h"
#include "lstmkit/nn/recurrent.h"
#include "sgemm.h"

namespace lstmkit::nn {
namespace {

void check_rows(int rows) {
  if (rows < 0) throw Error("Dense", "negative row count " + std::to_string(rows), "pass rows >= 0");
}

// bf16 copies of f32 arrays, kept between calls: they only grow.
void convert(const float* in, size_t count, std::vector<bf16_t>& out) {
  if (out.size() < count) {
    out.resize(count);
    count_buffer();
  }
  to_bf16(in, out.data(), count);
}

}  // namespace

struct Dense::Bf16 {
  Bf16Gemm gemm;
  std::vector<bf16_t> weight;  // [O, H], converted at weight_version
  uint64_t weight_version = 0;
  std::vector<bf16_t> x, dy;   // the call's [rows, H] input, [rows, O] output gradient

  const bf16_t* current_weight(const Parameters& params, ParamId id, size_t count) {
    if (weight.empty() || weight_version != params.version()) {
      convert(params.value(id), count, weight);
      weight_version = params.version();
    }
    return weight.data();
  }
};

std::vector<ParamShape> Dense::parameter_shapes(const std::string& prefix, int in, int out) {
  if (in <= 0 || out <= 0 || in > kMaxWidth || out > kMaxWidth)
    throw Error(prefix + ".weight",
                "dense layer needs widths in [1, " + std::to_string(kMaxWidth) + "], got " + std::to_string(in) +
                    " in and " + std::to_string(out) + " out",
                "check the model's hidden and output sizes");
  return {{prefix + ".weight", {out, in}}, {prefix + ".bias", {out}}};
}

Dense::Dense(Parameters& params, const std::string& prefix, int in, int out, Precision precision)
    : params_(params), in_(in), out_(out), precision_(precision) {
  std::vector<ParamShape> shapes = parameter_shapes(prefix, in, out);  // weight, bias
  // Refused here, with a clear error, where oneDNN has no bf16 kernels to run.
  if (precision == Precision::bf16) {
    resolve_precision(PrecisionRequest::bf16);
    bf16_ = std::make_unique<Bf16>();
  }
  weight_ = params.add(std::move(shapes[0].name), std::move(shapes[0].shape));
  bias_ = params.add(std::move(shapes[1].name), std::move(shapes[1].shape));
}

Dense::~Dense() = default;

void Dense::initialize(InitScheme scheme, Rng& rng) {
  float* w = params_.value(weight_);
  float* b = params_.value(bias_);
  if (scheme == InitScheme::keras) {
    init_glorot_uniform(w, out_, in_, rng);
    std::fill(b, b + out_, 0.0f);
  } else {
    const float limit = 1.0f / std::sqrt(static_cast<float>(in_));
    init_uniform(w, static_cast<size_t>(out_) * in_, limit, rng);
    init_uniform(b, static_cast<size_t>(out_), limit, rng);
  }
  params_.mark_updated();
}

void Dense::forward(int rows, const float* x, float* y) const {
  check_rows(rows);
  if (rows == 0) return;
  const float* b = params_.value(bias_);
  for (int r = 0; r < rows; ++r) std::copy(b, b + out_, y + static_cast<size_t>(r) * out_);
  // y [rows, O] += x [rows, H] · Wᵀ [H, O]
  if (!bf16_) {
    sgemm("Dense", 'N', 'T', rows, out_, in_, x, in_, params_.value(weight_), in_, 1.0f, y, out_);
    return;
  }
  const bf16_t* w = bf16_->current_weight(params_, weight_, static_cast<size_t>(out_) * in_);
  convert(x, static_cast<size_t>(rows) * in_, bf16_->x);
  bf16_->gemm("Dense", 'N', 'T', rows, out_, in_, bf16_->x.data(), in_, w, in_, 1.0f, y, out_);
}

void Dense::backward(int rows, const float* x, const float* dy, float* dx) {
  check_rows(rows);
  if (rows == 0) return;
  float* db = params_.grad(bias_);
  for (int r = 0; r < rows; ++r) {
    const float* row = dy + static_cast<size_t>(r) * out_;
    for (int o = 0; o < out_; ++o) db[o] += row[o];
  }
  // dW [O, H] += dyᵀ [O, rows] · x [rows, H];  dx [rows, H] = dy [rows, O] · W [O, H]
  if (!bf16_) {
    sgemm("Dense", 'T', 'N', out_, in_, rows, dy, out_, x, in_, 1.0f, params_.grad(weight_), in_);
    if (dx) sgemm("Dense", 'N', 'N', rows, in_, out_, dy, out_, params_.value(weight_), in_, 0.0f, dx, in_);
    return;
  }
  Bf16& h = *bf16_;
  convert(dy, static_cast<size_t>(rows) * out_, h.dy);
  convert(x, static_cast<size_t>(rows) * in_, h.x);
  h.gemm("Dense", 'T', 'N', out_, in_, rows, h.dy.data(), out_, h.x.data(), in_, 1.0f, params_.grad(weight_), in_);
  if (dx) {
    const bf16_t* w = h.current_weight(params_, weight_, static_cast<size_t>(out_) * in_);
    h.gemm("Dense", 'N', 'N', rows, in_, out_, h.dy.data(), out_, w, in_, 0.0f, dx, in_);
  }
}

void scatter_last_step(int T, int N, int H, const float* dlast, float* dseq) {
  const size_t step = static_cast<size_t>(N) * H;
  std::fill(dseq, dseq + static_cast<size_t>(T - 1) * step, 0.0f);
  std::copy(dlast, dlast + step, dseq + static_cast<size_t>(T - 1) * step);
}

}  // namespace lstmkit::nn
