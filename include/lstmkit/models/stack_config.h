#pragma once
// The recurrent stack every model is built around: cell, H, L and dropout. The language model, the
// translator and the time-series model store it under the same keys of their `config` metadata.
#include "lstmkit/nn/cell_kind.h"
#include "lstmkit/nn/recurrent.h"

namespace lstmkit::models {

struct StackConfig {
  nn::CellKind cell = nn::CellKind::lstm;
  int hidden = 256;      // H of every layer
  int layers = 1;        // L
  float dropout = 0.0f;  // between recurrent layers, training only
  nn::Precision precision = nn::Precision::f32;  // chosen per run (--precision), not stored in checkpoints

  // The stack over `input` features per step.
  nn::RecurrentConfig recurrent(int input) const;
};

}  // namespace lstmkit::models
