#pragma once
// Losses with their gradients fused in: softmax cross-entropy over logits (language model, seq2seq) and
// mean squared error (time series), plus row-wise softmax / log-softmax for sampling and decoding.
// Each loss returns its value accumulated in double and writes the gradient on its input.
#include <cstdint>

namespace lstmkit::nn {

struct CrossEntropy {
  double loss = 0.0;  // mean over counted rows of −Σ q log softmax(logits) (below); 0 when count == 0
  int64_t count = 0;  // rows whose target is not ignore_index
};

// logits [rows, V], targets [rows]. Rows whose target equals ignore_index (e.g. <pad> = 0 for seq2seq;
// -1, the default, ignores nothing since ids are >= 0) contribute nothing. Writes, unless null,
// dlogits [rows, V] = (softmax − q) / count, all zero on ignored rows (and everywhere when count == 0),
// where q is the target distribution: onehot(target), or with label smoothing ε
// q = (1 − ε)·onehot(target) + ε/V — PyTorch's CrossEntropyLoss(label_smoothing=ε, ignore_index), whose
// loss per row is −Σ_v q_v log softmax_v. ε = 0 is plain cross-entropy, bit for bit. Stable for any
// finite logits (log-sum-exp after subtracting the row maximum). Throws lstmkit::Error for a target
// outside [0, V) that is not ignore_index, or ε outside [0, 1).
CrossEntropy softmax_cross_entropy(int rows, int V, const float* logits, const int32_t* targets,
                                   float* dlogits, int32_t ignore_index = -1, float label_smoothing = 0.0f);

// Keras' mse: mean over all rows·O elements of (y − t)². y, t [rows, O]. Writes, unless null,
// dy [rows, O] = 2 (y − t) / (rows·O). Returns 0 (and no gradient) for an empty batch.
double mean_squared_error(int rows, int O, const float* y, const float* t, float* dy);

// Row-wise over [rows, V]; out may equal in.
void softmax(int rows, int V, const float* in, float* out);
void log_softmax(int rows, int V, const float* in, float* out);

}  // namespace lstmkit::nn
