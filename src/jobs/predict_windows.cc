#include "lstmkit/jobs/predict_windows.h"

#include <algorithm>

#include "lstmkit/error.h"
#include "lstmkit/jobs/interrupted.h"

namespace lstmkit::jobs {

namespace {
// Windows per forward pass: an interrupt is seen within one.
constexpr size_t kBatch = 512;
}  // namespace

WindowPrediction predict_windows(models::Regressor& model, std::span<const float> x, size_t N, size_t T, size_t F) {
  const models::TsSpec& spec = model.spec();
  if (N == 0 || T == 0) throw UsageError("`x`", "holds no window", "give windows as an array [N, T, F]");
  if (F != spec.features.size())
    throw UsageError("`x`", "has " + std::to_string(F) + " features per row, the model reads " +
                              std::to_string(spec.features.size()),
                     "give windows [N, T, F] of the model's features in its order");
  if (x.size() != N * T * F) throw UsageError("`x`", "is not N·T·F values", "give windows as an array [N, T, F]");
  if (!model.transform().identity())
    throw Error("model", "predicts its target transformed (" + model.transform().describe() + ")",
                "a window alone cannot be turned back into values: use forecast() or evaluate() on a series");
  // [N, T, F] data units → model units, one feature column at a time.
  std::vector<float> scaled(N * T * F), column(N * T);
  for (size_t f = 0; f < F; ++f) {
    for (size_t n = 0; n < N; ++n)
      for (size_t t = 0; t < T; ++t) column[n * T + t] = x[(n * T + t) * F + f];
    model.scaler().transform(spec.features[f], column);
    for (size_t n = 0; n < N; ++n)
      for (size_t t = 0; t < T; ++t) scaled[(n * T + t) * F + f] = column[n * T + t];
  }
  const size_t Y = static_cast<size_t>(model.config().outputs);
  std::vector<float> outputs(N * Y);  // [N, Y]: each window's last step
  std::vector<float> input, y;
  for (size_t first = 0; first < N; first += kBatch) {
    const size_t B = std::min(kBatch, N - first);
    input.resize(T * B * F);  // [T, B, F], as the model reads
    for (size_t b = 0; b < B; ++b)
      for (size_t t = 0; t < T; ++t)
        std::copy_n(&scaled[((first + b) * T + t) * F], F, &input[(t * B + b) * F]);
    y.resize((model.return_sequences() ? T : 1) * B * Y);  // [B, Y] or [T, B, Y]
    model.predict(static_cast<int>(T), static_cast<int>(B), input.data(), y.data());
    const float* at = model.return_sequences() ? y.data() + (T - 1) * B * Y : y.data();
    std::copy_n(at, B * Y, &outputs[first * Y]);
    stop_if_interrupted();
  }
  const float* last = outputs.data();

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
