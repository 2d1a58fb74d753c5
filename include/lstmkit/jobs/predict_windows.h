#pragma once
// A trained time-series model's predictions for windows the caller cut (Python's Forecaster.predict,
// Keras' model.predict): the windows in data units, scaled as the model was trained, and its outputs
// turned back into data units.
#include <cstddef>
#include <span>
#include <vector>

#include "lstmkit/models/regressor.h"

namespace lstmkit::jobs {

struct WindowPrediction {
  size_t windows = 0;  // N
  size_t steps = 0;    // S output steps (1 for a one-step head or a classifier)
  size_t outputs = 0;  // O targets, or a classifier's C classes
  std::vector<float> values;     // [N, S, O] data units (a quantile head's median); a classifier's probabilities
  std::vector<float> quantiles;  // [N, S, Q, O] data units with a quantile head, else empty
};

// x [N, T, F]: N windows of T rows of the model's F features, in data units; an n-to-n model's
// prediction is its last step's. Throws lstmkit::UsageError on "x" for an empty x or F other than the
// model's, and lstmkit::Error at "model" for a model with a target transform (it predicts differences or
// logarithms, which need the rows before each window to turn back into values). Throws
// jobs::Interrupted between batches of windows after train::request_interrupt() (jobs/interrupted.h).
WindowPrediction predict_windows(models::Regressor& model, std::span<const float> x, size_t N, size_t T, size_t F);

}  // namespace lstmkit::jobs
