#include "lstmkit/nn/cell_kind.h"

#include "lstmkit/error.h"

namespace lstmkit::nn {

int gate_count(CellKind cell) {
  switch (cell) {
    case CellKind::lstm: return 4;
    case CellKind::gru: return 3;
    case CellKind::rnn: return 1;
  }
  return 0;
}

std::string cell_name(CellKind cell) {
  switch (cell) {
    case CellKind::lstm: return "lstm";
    case CellKind::gru: return "gru";
    case CellKind::rnn: return "rnn";
  }
  return "";
}

CellKind parse_cell(const std::string& name, const std::string& option) {
  if (name == "lstm") return CellKind::lstm;
  if (name == "gru") return CellKind::gru;
  if (name == "rnn") return CellKind::rnn;
  throw UsageError(option, "unknown cell '" + name + "'", "use lstm, gru or rnn");
}

}  // namespace lstmkit::nn
