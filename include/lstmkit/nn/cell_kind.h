#pragma once
#include <string>

namespace lstmkit::nn {

// lstm: PyTorch nn.LSTM / Keras LSTM. gru: PyTorch nn.GRU = Keras GRU(reset_after=True) = oneDNN lbr_gru.
// rnn: tanh, PyTorch nn.RNN / Keras SimpleRNN.
enum class CellKind { lstm, gru, rnn };

// G: gates per cell (4 for LSTM, 3 for GRU, 1 for RNN) — rows of weight_ih are G·H.
int gate_count(CellKind cell);
std::string cell_name(CellKind cell);
// Parses "lstm" | "gru" | "rnn"; throws lstmkit::UsageError naming `option` otherwise.
CellKind parse_cell(const std::string& name, const std::string& option = "`cell`");

}  // namespace lstmkit::nn
