#pragma once
// Global attention over a bank of encoder outputs (Luong et al. 2015) with OpenNMT-py's GlobalAttention
// semantics and tensor names, registered under `prefix` (e.g. `decoder.attn`). For a query h_t [H] of
// batch entry n and the bank h_s [M], s < length(n):
//   luong    ("general"): score = (W_in h_t)·h_s              linear_in.weight [M, H]
//   bahdanau ("mlp"):     score = v·tanh(W_q h_t + b_q + W_k h_s)
//                         linear_context.weight [H, M], linear_query.weight [H, H],
//                         linear_query.bias [H], v.weight [1, H]
// a_t = softmax of the scores over s < length(n) (positions beyond get weight 0), c_t = Σ_s a_ts h_s,
// and the attentional vector h̃_t = W_c [c_t; h_t] (+ b_c): linear_out.weight [H, M + H], with a bias
// only for bahdanau. As in OpenNMT-py, luong applies tanh to h̃_t and bahdanau does not.
//
// Plain loops and oneDNN SGEMM over all rows of a call at once; working buffers grow to the largest call
// and are reused, so a decoder calling once per time step allocates nothing in steady state. One thread
// at a time per object.
#include <initializer_list>
#include <string>
#include <vector>

#include "lstmkit/nn/init.h"
#include "lstmkit/nn/parameters.h"
#include "lstmkit/rng.h"

namespace lstmkit::nn {

enum class AttentionKind { luong, bahdanau };
std::string attention_name(AttentionKind kind);
// Parses "luong" | "bahdanau"; throws lstmkit::UsageError naming `option` otherwise.
AttentionKind parse_attention(const std::string& name, const std::string& option = "`attention`");

struct AttentionConfig {
  AttentionKind kind = AttentionKind::luong;
  int query = 0;   // H: the decoder's hidden width, and the width of h̃
  int memory = 0;  // M: the width of one encoder output
};

class GlobalAttention {
 public:
  // Registers parameter_shapes() (zero) in `params`.
  GlobalAttention(Parameters& params, const std::string& prefix, const AttentionConfig& config);

  // The tensors above, in OpenNMT's order. Throws lstmkit::Error unless both widths are in
  // [1, kMaxWidth] (recurrent.h).
  static std::vector<ParamShape> parameter_shapes(const std::string& prefix, const AttentionConfig& config);

  const AttentionConfig& config() const { return config_; }

  // keras: glorot_uniform weights, zero biases. torch: every tensor uniform(±1/√fan_in), as nn.Linear.
  // Marks the parameters updated.
  void initialize(InitScheme scheme, Rng& rng);

  // The bank for the calls that follow: memory [S, N, M] (time-major, as the encoder writes it) and
  // lengths [N], each in [1, S]. Neither is copied: both must stay valid and unchanged until the last
  // backward of this batch; call it again after the parameters change. Clears the memory gradient. Throws lstmkit::Error on bad sizes or lengths.
  void set_memory(int S, int N, const float* memory, const int* lengths);

  // `rows` queries h [rows, H]; row r belongs to batch entry r % N, so one decoder step is rows = N and
  // a whole [T, N, H] sequence is rows = T·N. Writes out = h̃ [rows, H], align = a [rows, S] (zeros at
  // s >= length) and context = c [rows, M], which backward needs again.
  void forward(int rows, const float* h, float* out, float* align, float* context);

  // Backward of one forward, given its h, align, context and out, and dout [rows, H]: writes dh
  // [rows, H], adds the parameter gradients (except linear_context's, see memory_gradient) and
  // accumulates the gradient on the memory.
  void backward(int rows, const float* h, const float* align, const float* context, const float* out,
                const float* dout, float* dh);

  // Once per batch, after its last backward: writes d(memory) [S, N, M] summed over every backward
  // since set_memory. For bahdanau it also adds linear_context's gradient, which is cheaper summed once
  // over the bank than per call.
  void memory_gradient(float* dmemory);

 private:
  void check_call(const char* call, int rows, std::initializer_list<const void*> buffers) const;
  // query_ [rows, ·] for h: W_in h (luong) or W_q h + b_q (bahdanau).
  void project_queries(int rows, const float* h);
  // concat_ [rows, M + H] = [context; h].
  void concatenate(int rows, const float* context, const float* h);

  Parameters& params_;
  std::string prefix_;
  AttentionConfig config_;
  ParamId w_in_ = 0;                          // luong
  ParamId w_context_ = 0, w_query_ = 0, b_query_ = 0, v_ = 0;  // bahdanau
  ParamId w_out_ = 0, b_out_ = 0;             // b_out_ for bahdanau only

  int S_ = 0, N_ = 0;
  const float* memory_ = nullptr;  // [S, N, M]
  const int* lengths_ = nullptr;   // [N]
  // Grow-only working buffers.
  std::vector<float> keys_;     // bahdanau: W_k h_s [S, N, H], once per set_memory
  std::vector<float> dkeys_;    // bahdanau: d(W_k h_s) [S, N, H], accumulated
  std::vector<float> dmemory_;  // [S, N, M], accumulated
  std::vector<float> query_;    // [rows, M] luong W_in h; [rows, H] bahdanau W_q h + b_q
  std::vector<float> dquery_;   // the same shape
  std::vector<float> concat_;   // [rows, M + H]
  std::vector<float> dconcat_;  // [rows, M + H]
  std::vector<float> dz_;       // [rows, H] gradient on linear_out's output
  std::vector<float> dalign_;   // [rows, S]
};

}  // namespace lstmkit::nn
