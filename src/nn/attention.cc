// GlobalAttention: scores, masked softmax and context per row in plain loops (S and M are small next to
// the SGEMMs), the projections as one oneDNN SGEMM over all rows of a call.
#include "lstmkit/nn/attention.h"

#include <algorithm>
#include <cmath>

#include "lstmkit/error.h"
#include "lstmkit/nn/recurrent.h"
#include "sgemm.h"

namespace lstmkit::nn {
namespace {

float* grow(std::vector<float>& v, size_t n) {
  if (v.size() < n) v.resize(n);
  return v.data();
}

// Eight partial sums: one running sum is a chain of dependent additions that GCC may not reorder (no
// -ffast-math), and the scores and their gradients are most of the attention's time per step.
float dot(const float* a, const float* b, int n) {
  float part[8] = {};
  int i = 0;
  for (; i + 8 <= n; i += 8)
    for (int k = 0; k < 8; ++k) part[k] += a[i + k] * b[i + k];
  float sum = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

void axpy(float alpha, const float* x, float* y, int n) {
  for (int i = 0; i < n; ++i) y[i] += alpha * x[i];
}

// Adds the column sums of d [rows, n] into g [n].
void add_column_sums(const float* d, int rows, int n, float* g) {
  for (int r = 0; r < rows; ++r) axpy(1.0f, d + static_cast<size_t>(r) * n, g, n);
}

bool is_luong(const AttentionConfig& c) { return c.kind == AttentionKind::luong; }

}  // namespace

std::string attention_name(AttentionKind kind) { return kind == AttentionKind::luong ? "luong" : "bahdanau"; }

AttentionKind parse_attention(const std::string& name, const std::string& option) {
  if (name == "luong") return AttentionKind::luong;
  if (name == "bahdanau") return AttentionKind::bahdanau;
  throw UsageError(option, "unknown attention '" + name + "'", "use luong or bahdanau");
}

std::vector<ParamShape> GlobalAttention::parameter_shapes(const std::string& prefix, const AttentionConfig& c) {
  const int H = c.query, M = c.memory;
  if (H <= 0 || M <= 0 || H > kMaxWidth || M > kMaxWidth)
    throw Error(prefix, "attention needs widths in [1, " + std::to_string(kMaxWidth) + "], got query " +
                            std::to_string(H) + " and memory " + std::to_string(M),
                "check the decoder's and the encoder's hidden sizes");
  const std::string p = prefix + ".";
  std::vector<ParamShape> shapes;
  if (is_luong(c)) {
    shapes.push_back({p + "linear_in.weight", {M, H}});
  } else {
    shapes.push_back({p + "linear_context.weight", {H, M}});
    shapes.push_back({p + "linear_query.weight", {H, H}});
    shapes.push_back({p + "linear_query.bias", {H}});
    shapes.push_back({p + "v.weight", {1, H}});
  }
  shapes.push_back({p + "linear_out.weight", {H, M + H}});
  if (!is_luong(c)) shapes.push_back({p + "linear_out.bias", {H}});
  return shapes;
}

GlobalAttention::GlobalAttention(Parameters& params, const std::string& prefix, const AttentionConfig& config)
    : params_(params), prefix_(prefix), config_(config) {
  std::vector<ParamShape> shapes = parameter_shapes(prefix, config);
  std::vector<ParamId> ids;
  for (ParamShape& s : shapes) ids.push_back(params.add(std::move(s.name), std::move(s.shape)));
  if (is_luong(config)) {
    w_in_ = ids[0];
    w_out_ = ids[1];
  } else {
    w_context_ = ids[0];
    w_query_ = ids[1];
    b_query_ = ids[2];
    v_ = ids[3];
    w_out_ = ids[4];
    b_out_ = ids[5];
  }
}

void GlobalAttention::initialize(InitScheme scheme, Rng& rng) {
  for (const ParamShape& s : parameter_shapes(prefix_, config_)) {
    const ParamId id = params_.find(s.name);
    float* w = params_.value(id);
    const bool bias = s.shape.size() == 1;
    // A bias's fan-in is its weight's: the only biases are linear_query's (H) and linear_out's (M + H).
    const int fan_in = bias ? (s.name.ends_with("linear_query.bias") ? config_.query : config_.memory + config_.query)
                            : static_cast<int>(s.shape[1]);
    if (scheme == InitScheme::torch) init_uniform(w, params_.view(id).size, 1.0f / std::sqrt(static_cast<float>(fan_in)), rng);
    else if (bias) std::fill_n(w, params_.view(id).size, 0.0f);
    else init_glorot_uniform(w, static_cast<int>(s.shape[0]), fan_in, rng);
  }
  params_.mark_updated();
}

void GlobalAttention::set_memory(int S, int N, const float* memory, const int* lengths) {
  const std::string where = prefix_ + " set_memory";
  if (S <= 0 || N <= 0)
    throw Error(where, "source length and batch must be positive, got S=" + std::to_string(S) + ", N=" +
                           std::to_string(N), "pass at least one source position and one sentence");
  if (!memory || !lengths) throw Error(where, "memory or lengths is null", "pass memory [S, N, M] and lengths [N]");
  for (int n = 0; n < N; ++n)
    if (lengths[n] < 1 || lengths[n] > S)
      throw Error(where, "length " + std::to_string(lengths[n]) + " of batch entry " + std::to_string(n) +
                             " is outside [1, " + std::to_string(S) + "]",
                  "every source needs at least one position and at most S");
  S_ = S;
  N_ = N;
  memory_ = memory;
  lengths_ = lengths;
  const size_t SN = static_cast<size_t>(S) * N, H = config_.query, M = config_.memory;
  std::fill_n(grow(dmemory_, SN * M), SN * M, 0.0f);
  if (is_luong(config_)) return;
  // keys = memory W_kᵀ: [S·N, M] · [M, H]
  sgemm("attention", 'N', 'T', static_cast<int>(SN), static_cast<int>(H), static_cast<int>(M), memory, static_cast<int>(M),
        params_.value(w_context_), static_cast<int>(M), 0.0f, grow(keys_, SN * H), static_cast<int>(H));
  std::fill_n(grow(dkeys_, SN * H), SN * H, 0.0f);
}

void GlobalAttention::check_call(const char* call, int rows, std::initializer_list<const void*> buffers) const {
  // The place is spelled out only on failure: a decoding step calls this and must not allocate.
  const auto where = [&] { return prefix_ + " " + call; };
  if (!memory_) throw Error(where(), "no memory bank set", "call set_memory first");
  if (rows <= 0 || rows % N_ != 0)
    throw Error(where(), "row count " + std::to_string(rows) + " is not a positive multiple of the batch " +
                             std::to_string(N_), "pass N rows per time step");
  for (const void* b : buffers)
    if (!b) throw Error(where(), "a buffer is null", "pass every input and output buffer");
}

void GlobalAttention::project_queries(int rows, const float* h) {
  const int H = config_.query, M = config_.memory;
  if (is_luong(config_)) {
    sgemm("attention", 'N', 'T', rows, M, H, h, H, params_.value(w_in_), H, 0.0f, grow(query_, static_cast<size_t>(rows) * M), M);
    return;
  }
  float* q = grow(query_, static_cast<size_t>(rows) * H);
  const float* b = params_.value(b_query_);
  for (int r = 0; r < rows; ++r) std::copy(b, b + H, q + static_cast<size_t>(r) * H);
  sgemm("attention", 'N', 'T', rows, H, H, h, H, params_.value(w_query_), H, 1.0f, q, H);
}

void GlobalAttention::concatenate(int rows, const float* context, const float* h) {
  const size_t H = config_.query, M = config_.memory;
  float* cat = grow(concat_, rows * (M + H));
  for (size_t r = 0; r < static_cast<size_t>(rows); ++r) {
    std::copy(context + r * M, context + (r + 1) * M, cat + r * (M + H));
    std::copy(h + r * H, h + (r + 1) * H, cat + r * (M + H) + M);
  }
}

void GlobalAttention::forward(int rows, const float* h, float* out, float* align, float* context) {
  check_call("forward", rows, {h, out, align, context});
  const int H = config_.query, M = config_.memory, S = S_, N = N_;
  const bool luong = is_luong(config_);
  project_queries(rows, h);
  const float* v = luong ? nullptr : params_.value(v_);
  for (int r = 0; r < rows; ++r) {
    const int n = r % N, len = lengths_[n];
    const float* q = query_.data() + static_cast<size_t>(r) * (luong ? M : H);
    float* a = align + static_cast<size_t>(r) * S;
    for (int s = 0; s < len; ++s) {
      const size_t sn = static_cast<size_t>(s) * N + n;
      if (luong) {
        a[s] = dot(q, memory_ + sn * M, M);
        continue;
      }
      const float* k = keys_.data() + sn * H;
      float score = 0.0f;
      for (int j = 0; j < H; ++j) score += v[j] * std::tanh(q[j] + k[j]);
      a[s] = score;
    }
    const float top = *std::max_element(a, a + len);
    float sum = 0.0f;
    for (int s = 0; s < len; ++s) sum += a[s] = std::exp(a[s] - top);
    for (int s = 0; s < len; ++s) a[s] /= sum;
    std::fill(a + len, a + S, 0.0f);
    float* c = context + static_cast<size_t>(r) * M;
    std::fill_n(c, M, 0.0f);
    for (int s = 0; s < len; ++s) axpy(a[s], memory_ + (static_cast<size_t>(s) * N + n) * M, c, M);
  }
  concatenate(rows, context, h);
  if (!luong) {
    const float* b = params_.value(b_out_);
    for (int r = 0; r < rows; ++r) std::copy(b, b + H, out + static_cast<size_t>(r) * H);
  }
  sgemm("attention", 'N', 'T', rows, H, M + H, concat_.data(), M + H, params_.value(w_out_), M + H, luong ? 0.0f : 1.0f, out, H);
  if (luong)
    for (size_t i = 0; i < static_cast<size_t>(rows) * H; ++i) out[i] = std::tanh(out[i]);
}

void GlobalAttention::backward(int rows, const float* h, const float* align, const float* context,
                               const float* out, const float* dout, float* dh) {
  check_call("backward", rows, {h, align, context, out, dout, dh});
  const int H = config_.query, M = config_.memory, S = S_, N = N_, MH = M + H;
  const size_t RH = static_cast<size_t>(rows) * H;
  const bool luong = is_luong(config_);

  // h̃ = tanh(z) for luong, z for bahdanau; z = W_c [c; h] + b_c.
  float* dz = grow(dz_, RH);
  for (size_t i = 0; i < RH; ++i) dz[i] = luong ? dout[i] * (1.0f - out[i] * out[i]) : dout[i];
  concatenate(rows, context, h);
  sgemm("attention", 'T', 'N', H, MH, rows, dz, H, concat_.data(), MH, 1.0f, params_.grad(w_out_), MH);
  if (!luong) add_column_sums(dz, rows, H, params_.grad(b_out_));
  float* dcat = grow(dconcat_, static_cast<size_t>(rows) * MH);
  sgemm("attention", 'N', 'N', rows, MH, H, dz, H, params_.value(w_out_), MH, 0.0f, dcat, MH);
  for (size_t r = 0; r < static_cast<size_t>(rows); ++r)
    std::copy(dcat + r * MH + M, dcat + (r + 1) * MH, dh + r * H);

  // c = Σ a_s m_s, a = softmax(scores): d(score) = a ⊙ (da − Σ a da), zero at masked positions.
  project_queries(rows, h);
  const int Q = luong ? M : H;  // query width
  float* dq = grow(dquery_, static_cast<size_t>(rows) * Q);
  std::fill_n(dq, static_cast<size_t>(rows) * Q, 0.0f);
  float* da = grow(dalign_, static_cast<size_t>(rows) * S);
  const float* v = luong ? nullptr : params_.value(v_);
  float* dv = luong ? nullptr : params_.grad(v_);
  for (int r = 0; r < rows; ++r) {
    const int n = r % N, len = lengths_[n];
    const float* a = align + static_cast<size_t>(r) * S;
    const float* dc = dcat + static_cast<size_t>(r) * MH;
    float* dar = da + static_cast<size_t>(r) * S;
    float weighted = 0.0f;
    for (int s = 0; s < len; ++s) {
      const size_t sn = static_cast<size_t>(s) * N + n;
      dar[s] = dot(dc, memory_ + sn * M, M);
      weighted += a[s] * dar[s];
      axpy(a[s], dc, dmemory_.data() + sn * M, M);
    }
    const float* q = query_.data() + static_cast<size_t>(r) * Q;
    float* dqr = dq + static_cast<size_t>(r) * Q;
    for (int s = 0; s < len; ++s) {
      const size_t sn = static_cast<size_t>(s) * N + n;
      const float dscore = a[s] * (dar[s] - weighted);
      if (luong) {  // score = q · m_s
        axpy(dscore, memory_ + sn * M, dqr, M);
        axpy(dscore, q, dmemory_.data() + sn * M, M);
        continue;
      }
      // score = v · tanh(q + k_s)
      const float* k = keys_.data() + sn * H;
      float* dk = dkeys_.data() + sn * H;
      for (int j = 0; j < H; ++j) {
        const float u = std::tanh(q[j] + k[j]);
        dv[j] += dscore * u;
        const float du = dscore * v[j] * (1.0f - u * u);
        dqr[j] += du;
        dk[j] += du;
      }
    }
  }
  const ParamId w_q = luong ? w_in_ : w_query_;  // [Q, H]
  sgemm("attention", 'T', 'N', Q, H, rows, dq, Q, h, H, 1.0f, params_.grad(w_q), H);
  if (!luong) add_column_sums(dq, rows, H, params_.grad(b_query_));
  sgemm("attention", 'N', 'N', rows, H, Q, dq, Q, params_.value(w_q), H, 1.0f, dh, H);
}

void GlobalAttention::memory_gradient(float* dmemory) {
  if (!memory_) throw Error(prefix_ + " memory_gradient", "no memory bank set", "call set_memory first");
  if (!dmemory) throw Error(prefix_ + " memory_gradient", "output buffer is null", "pass dmemory [S, N, M]");
  const int SN = S_ * N_, H = config_.query, M = config_.memory;
  std::copy_n(dmemory_.data(), static_cast<size_t>(SN) * M, dmemory);
  if (is_luong(config_)) return;
  // keys = memory W_kᵀ
  sgemm("attention", 'N', 'N', SN, M, H, dkeys_.data(), H, params_.value(w_context_), M, 1.0f, dmemory, M);
  sgemm("attention", 'T', 'N', H, M, SN, dkeys_.data(), H, memory_, M, 1.0f, params_.grad(w_context_), M);
}

}  // namespace lstmkit::nn
