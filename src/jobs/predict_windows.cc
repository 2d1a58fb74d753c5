#include "lstmkit/jobs/predict_windows.h"

#include "lstmkit/error.h"

namespace lstmkit::jobs {

WindowPrediction predict_windows(models::Regressor& model, std::span<const float> x, size_t N, size_t T, size_t F) {
  const models::TsSpec& spec = model.spec();
  if (N == 0 || T == 0) throw UsageError("x", "holds no window", "give windows as an array [N, T, F]");
  if (F != spec.features.size())
    throw UsageError("x", "has " + std::to_string(F) + " features per row, the model reads " +
                              std::to_string(spec.features.size()),
                     "give windows [N, T, F] of the model's features in its order");
  if (x.size() != N * T * F) throw UsageError("x", "is not N·T·F values", "give windows as an array [N, T, F]");
  if (!model.transform().identity())
    throw Error("model", "predicts its target transformed (" + model.transform().describe() + ")",
                "a window alone cannot be turned back into values: use forecast() or evaluate() on a series");
  // [N, T, F] data units → [T, N, F] model units, one feature column at a time.
  std::vector<float> input(T * N * F), column(N * T);
  for (size_t f = 0; f < F; ++f) {
    for (size_t n = 0; n < N; ++n)
      for (size_t t = 0; t < T; ++t) column[n * T + t] = x[(n * T + t) * F + f];
    model.scaler().transform(spec.features[f], column);
    for (size_t n = 0; n < N; ++n)
      for (size_t t = 0; t < T; ++t) input[(t * N + n) * F + f] = column[n * T + t];
  }
  const size_t Y = static_cast<size_t>(model.config().outputs);
  std::vector<float> y((model.return_sequences() ? T : 1) * N * Y);  // [N, Y] or [T, N, Y]
  model.predict(static_cast<int>(T), static_cast<int>(N), input.data(), y.data());
  const float* last = model.return_sequences() ? y.data() + (T - 1) * N * Y : y.data();

  WindowPrediction p;
  p.windows = N;
  if (model.classifies()) {
    p.steps = 1;
    p.outputs = Y;
    p.values.assign(last, last + N * Y);
    return p;
  }
  // Each window's outputs are laid out [S, Q, O] (models::output_count).
  const size_t O = spec.targets.size(), Q = spec.quantile_count(), S = Y / (Q * O), median = spec.median_quantile();
  p.steps = S;
  p.outputs = O;
  for (size_t n = 0; n < N; ++n)
    for (size_t s = 0; s < S; ++s) {
      const float* at = last + n * Y + s * Q * O;
      p.values.insert(p.values.end(), at + median * O, at + (median + 1) * O);
      if (!spec.quantiles.empty()) p.quantiles.insert(p.quantiles.end(), at, at + Q * O);
    }
  model.scaler().inverse_transform_outputs(spec.targets, p.values);
  if (!p.quantiles.empty()) model.scaler().inverse_transform_outputs(spec.targets, p.quantiles);
  return p;
}

}  // namespace lstmkit::jobs
