#pragma once
// `lstmkit summary`: the layers of a model with their output shapes and parameter counts. Counts are
// Keras' for the same model (LSTM and SimpleRNN carry one bias vector per layer, GRU is Keras'
// reset_after=True variant with two); PyTorch's counts (two bias vectors for every cell) are given too,
// because lstmkit stores PyTorch's tensors.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lstmkit/nn/recurrent.h"

namespace lstmkit::models {

struct SummaryRow {
  std::string name;          // e.g. "rnn.l0"
  std::string type;          // e.g. "LSTM(40)"
  std::string output_shape;  // Keras style, batch first: "(None, None, 40)"
  int64_t keras_params = 0;
  int64_t torch_params = 0;
};

struct ModelSummary {
  std::vector<SummaryRow> rows;
  int64_t keras_total() const;
  int64_t torch_total() const;
};

// Parameters of one recurrent layer of width `hidden` over inputs of width `input`.
int64_t keras_recurrent_params(nn::CellKind cell, int64_t input, int64_t hidden);
int64_t torch_recurrent_params(nn::CellKind cell, int64_t input, int64_t hidden);

// Appends the rows of a recurrent stack named `prefix` ("rnn", "encoder.rnn"). Every layer but the last
// returns sequences (as stacked Keras layers must); the last does when `return_sequences`. A
// bidirectional layer is one row, counted as Keras' Bidirectional wrapper: both directions.
void add_recurrent_rows(ModelSummary& summary, const std::string& prefix,
                        const nn::RecurrentConfig& config, bool return_sequences);
// Appends a Dense(outputs) layer over `inputs` features, with a bias vector unless `bias` is false.
void add_dense_row(ModelSummary& summary, const std::string& name, int64_t inputs, int64_t outputs,
                   bool per_step, bool bias = true);

// Appends an Embedding(V, E) row: Keras' and PyTorch's count V·E, or 0 when the table is tied to the
// head's weight (counted once, in the head's row, as both frameworks count a shared weight).
void add_embedding_row(ModelSummary& summary, const std::string& name, int64_t vocab, int64_t width, bool tied);

// The layers of a checkpoint, read from its tensor shapes (every `<module>.embed.weight` embedding,
// `<module>.weight_ih_l{k}` stack, bidirectional with `_reverse` tensors, and `<module>.weight` Linear
// layer, with a bias when `<module>.bias` exists) and its `config` metadata's cell and
// tie_embeddings, so it works for every kind of model. Output
// shapes are per step, except for an n-to-1 time-series model (kind "ts", config return_sequences
// false), whose last recurrent layer and head give one row per sequence.
// Throws lstmkit::Error when the file is not a readable lstmkit checkpoint.
ModelSummary summarize_checkpoint(const std::string& path);

// The table as text, with a totals line showing Keras' and PyTorch's counts.
std::string format_summary(const ModelSummary& summary);

}  // namespace lstmkit::models
