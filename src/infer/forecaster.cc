#include "lstmkit/infer/forecaster.h"

#include <algorithm>

#include "lstmkit/data/windows.h"
#include "lstmkit/error.h"
#include "lstmkit/infer/sample_paths.h"
#include "lstmkit/models/ts_data.h"

namespace lstmkit::infer {

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void check_columns(const models::Regressor& model, const data::Series& series) {
  const models::TsSpec& spec = model.spec();
  if (series.feature_names() != spec.features || series.target_names() != spec.targets)
    throw Error("data", "the series' columns do not match the model's (features [" + joined(spec.features) +
                            "], targets [" + joined(spec.targets) + "])",
                "forecast the kind of data the model was trained on");
}

void check_batch(size_t batch) {
  if (batch == 0) throw UsageError("`batch`", "batch size 0", "use a batch size of at least 1");
}

// out [rows, O] model outputs → data units: scaled values inverted, or a classifier's class
// probabilities [rows, C] turned into the most probable class's id [rows].
std::vector<float> to_data_units(const models::Regressor& model, std::vector<float> out) {
  const models::TsSpec& spec = model.spec();
  const size_t O = static_cast<size_t>(model.config().outputs);
  if (model.classifies()) {
    std::vector<float> ids(out.size() / O);
    for (size_t r = 0; r < ids.size(); ++r) {
      const float* p = out.data() + r * O;
      ids[r] = static_cast<float>(std::max_element(p, p + O) - p);
    }
    return ids;
  }
  // A sequence dataset is used unscaled: its scaler is the identity without columns.
  if (!model.scaler().columns().empty()) model.scaler().inverse_transform_outputs(spec.targets, out);
  return out;
}

}  // namespace

SeriesForecast one_step_forecast(models::Regressor& model, const data::Series& series, size_t batch,
                                 const std::function<void()>& between_batches) {
  check_batch(batch);
  check_columns(model, series);
  const data::WindowSpec& w = model.spec().window;
  const size_t T = w.length, R = series.rows();
  if (R < T + w.horizon)
    throw Error("data", "the series has " + std::to_string(R) + " rows, a window needs " +
                            std::to_string(T + w.horizon) + " (window " + std::to_string(T) + " + horizon " +
                            std::to_string(w.horizon) + ")",
                "give a longer series");
  // A multi-step head's first step is the one-step prediction; a quantile head's median its point.
  const size_t P = R - T - w.horizon + 1, Y = static_cast<size_t>(model.config().outputs),
               O = model.classifies() ? Y : model.spec().targets.size(), Q = model.spec().quantiles.size(),
               point = model.classifies() ? 0 : model.spec().median_quantile() * O;
  SeriesForecast f;
  std::vector<float> out, quantiles;  // [P, O], [P, Q, O]
  out.reserve(P * O);
  quantiles.reserve(P * Q * O);
  std::vector<float> y;  // [N, Y] (Y = S·Q·O), or [T, N, Y] for n-to-n
  std::vector<size_t> starts;
  for (size_t first = 0; first < P; first += batch) {
    const size_t N = std::min(batch, P - first);
    starts.resize(N);
    for (size_t n = 0; n < N; ++n) starts[n] = first + n;
    const std::vector<float> x = data::window_inputs(series, T, starts);  // [T, N, F]
    y.resize((model.return_sequences() ? T : 1) * N * Y);
    model.predict(static_cast<int>(T), static_cast<int>(N), x.data(), y.data());
    if (between_batches) between_batches();
    const float* last = model.return_sequences() ? y.data() + (T - 1) * N * Y : y.data();
    for (size_t n = 0; n < N; ++n) {
      out.insert(out.end(), last + n * Y + point, last + n * Y + point + O);
      quantiles.insert(quantiles.end(), last + n * Y, last + n * Y + Q * O);
    }
  }
  for (size_t s = 0; s < P; ++s) f.rows.push_back(s + T - 1 + w.horizon);
  f.values = to_data_units(model, std::move(out));
  if (Q > 0) f.quantiles = to_data_units(model, std::move(quantiles));
  return f;
}

namespace {

// Where each input of a new row comes from: the value fed back for target `index`, or known column `index`.
struct LoopInput {
  bool predicted;
  size_t index;
};

std::vector<LoopInput> loop_inputs(const models::Regressor& model, const data::Series& known) {
  const models::TsSpec& spec = model.spec();
  if (model.classifies())
    throw UsageError("`steps`", "a classifier predicts classes, which it cannot read back as inputs",
                     "closed-loop forecasting needs a regression model");
  std::vector<LoopInput> inputs;
  for (const std::string& f : spec.features) {
    const auto target = std::find(spec.targets.begin(), spec.targets.end(), f);
    const auto column = std::find(known.names.begin(), known.names.end(), f);
    if (target != spec.targets.end())
      inputs.push_back({true, static_cast<size_t>(target - spec.targets.begin())});
    else if (column != known.names.end())
      inputs.push_back({false, static_cast<size_t>(column - known.names.begin())});
    else
      throw UsageError("`steps`",
                       "the model reads [" + joined(spec.features) + "] but predicts [" + joined(spec.targets) +
                           "], so its predictions cannot be fed back as its inputs",
                       "closed-loop forecasting needs a model whose features are its targets and calendar "
                       "features (train without `features`)");
  }
  if (spec.window.horizon != 1)
    throw UsageError("`steps`",
                     "the model predicts " + std::to_string(spec.window.horizon) +
                         " steps ahead, so each prediction would not be the next input",
                     "closed-loop forecasting needs a model trained with `horizon` 1");
  return inputs;
}

// The rows of N paths of a closed loop, in model units.
struct LoopRows {
  std::vector<float> fed;    // [N, steps, O] the values fed back
  std::vector<float> heads;  // [N, steps, Qc, O] the head's outputs (Qc = TsSpec::quantile_count)
};

// N closed loops as one batch; `uniforms` [C, N, O] as closed_loop_paths takes them, or empty: feed back
// the median (the point, without quantiles).
LoopRows run_loop(models::Regressor& model, const data::Series& series, size_t steps, size_t N,
                  std::span<const float> uniforms, const data::Series& known,
                  const std::function<void()>& between_steps) {
  const models::TsSpec& spec = model.spec();
  const std::vector<LoopInput> inputs = loop_inputs(model, known);
  check_columns(model, series);
  const size_t T = spec.window.length, F = spec.features.size(), R = series.rows(), O = spec.targets.size(),
               Qc = spec.quantile_count(), Y = static_cast<size_t>(model.config().outputs),
               S = model.return_sequences() ? 1 : spec.window.steps, point = spec.median_quantile() * O;
  if (R < T)
    throw Error("data", "the series has " + std::to_string(R) + " rows, a window needs " + std::to_string(T),
                "give a longer series");
  const size_t made_rows = (steps + S - 1) / S * S;
  if (!known.columns.empty() && known.rows() < made_rows)
    throw Error("data", "the known future inputs cover " + std::to_string(known.rows()) + " rows, the loop needs " +
                            std::to_string(made_rows));
  // history[n] [rows, F]: the newest T rows of real data, then rows made of path n's fed-back values and
  // the known inputs; path n's window is always its last T rows. A multi-step head adds S rows at once.
  const std::vector<float> start = data::window_inputs(series, T, std::vector<size_t>{R - T});  // [T, F]
  std::vector<std::vector<float>> history(N, start);
  std::vector<float> x(T * N * F);                                     // [T, N, F]
  std::vector<float> y((model.return_sequences() ? T : 1) * N * Y);  // [N, S, Qc, O] per chunk read
  std::vector<std::vector<float>> fed(N), heads(N);
  std::vector<float> quantiles(Qc), value(O);
  for (size_t made = 0, c = 0; made < made_rows; made += S, ++c) {
    for (size_t t = 0; t < T; ++t)
      for (size_t n = 0; n < N; ++n)
        std::copy_n(history[n].end() - static_cast<std::ptrdiff_t>((T - t) * F), F, x.data() + (t * N + n) * F);
    model.predict(static_cast<int>(T), static_cast<int>(N), x.data(), y.data());
    if (between_steps) between_steps();
    const float* last = y.data() + (model.return_sequences() ? (T - 1) * N * Y : 0);
    for (size_t n = 0; n < N; ++n)
      for (size_t s = 0; s < S; ++s) {
        const float* step = last + n * Y + s * Qc * O;  // [Qc, O]
        for (size_t o = 0; o < O; ++o) {
          if (uniforms.empty()) {
            value[o] = step[point + o];
            continue;
          }
          for (size_t q = 0; q < Qc; ++q) quantiles[q] = step[q * O + o];
          value[o] = inverse_cdf(spec.quantiles, quantiles, uniforms[(c * N + n) * O + o]);
        }
        heads[n].insert(heads[n].end(), step, step + Qc * O);
        fed[n].insert(fed[n].end(), value.begin(), value.end());
        for (const LoopInput& in : inputs)
          history[n].push_back(in.predicted ? value[in.index] : known.columns[in.index][made + s]);
      }
  }
  LoopRows rows;
  for (size_t n = 0; n < N; ++n) {
    rows.fed.insert(rows.fed.end(), fed[n].begin(), fed[n].begin() + static_cast<std::ptrdiff_t>(steps * O));
    rows.heads.insert(rows.heads.end(), heads[n].begin(), heads[n].begin() + static_cast<std::ptrdiff_t>(steps * Qc * O));
  }
  return rows;
}

}  // namespace

SeriesForecast closed_loop(models::Regressor& model, const data::Series& series, size_t steps,
                           const data::Series& known, const std::function<void()>& between_steps) {
  LoopRows loop = run_loop(model, series, steps, 1, {}, known, between_steps);
  SeriesForecast f;
  for (size_t k = 0; k < steps; ++k) f.rows.push_back(series.rows() + k);
  f.values = to_data_units(model, std::move(loop.fed));
  if (!model.spec().quantiles.empty()) f.quantiles = to_data_units(model, std::move(loop.heads));
  return f;
}

std::vector<float> closed_loop_paths(models::Regressor& model, const data::Series& series, size_t steps, size_t N,
                                     std::span<const float> uniforms, const data::Series& known,
                                     const std::function<void()>& between_steps) {
  const models::TsSpec& spec = model.spec();
  if (spec.quantiles.empty())
    throw UsageError("`samples`", "the model predicts no distribution to draw sample paths from",
                     "train it with `quantiles` (e.g. 0.1,0.5,0.9), or forecast with `samples` 0");
  const size_t S = model.return_sequences() ? 1 : spec.window.steps, C = (steps + S - 1) / S;
  if (uniforms.size() != C * N * spec.targets.size())
    throw Error("sample paths", "got " + std::to_string(uniforms.size()) + " uniform draws, " + std::to_string(N) +
                                    " paths of " + std::to_string(C) + " draws per target need " +
                                    std::to_string(C * N * spec.targets.size()),
                "draw them with infer::path_uniforms");
  return to_data_units(model, run_loop(model, series, steps, N, uniforms, known, between_steps).fed);
}

std::vector<float> closed_loop_forecast(models::Regressor& model, const data::Series& series, size_t steps) {
  return closed_loop(model, series, steps).values;
}

namespace {

// values [P, K, O] (K = 1: point values; K = Q: quantiles) of rows `rows` inverted with the values before
// each row in `history` [O][...] (one column per target).
void invert_one_step(const models::Regressor& model, const std::vector<std::vector<float>>& history,
                     std::span<const size_t> rows, size_t K, std::vector<float>& values) {
  const size_t O = model.spec().targets.size(), P = rows.size();
  std::vector<float> z(P);
  for (size_t k = 0; k < K; ++k)
    for (size_t o = 0; o < O; ++o) {
      for (size_t i = 0; i < P; ++i) z[i] = values[(i * K + k) * O + o];
      const std::vector<float> x = model.transform().invert_one_step(model.spec().targets[o], history[o], rows, z);
      for (size_t i = 0; i < P; ++i) values[(i * K + k) * O + o] = x[i];
    }
}

std::vector<std::vector<float>> target_columns(const data::Series& raw) {
  std::vector<std::vector<float>> columns;
  for (size_t c : raw.targets) columns.push_back(raw.columns.at(c));
  return columns;
}

}  // namespace

void original_units(const models::Regressor& model, const data::Series& raw, size_t first_row, SeriesForecast& f) {
  for (size_t& r : f.rows) r += first_row;
  if (model.transform().identity()) return;
  const std::vector<std::vector<float>> history = target_columns(raw);
  invert_one_step(model, history, f.rows, 1, f.values);
  if (!f.quantiles.empty()) invert_one_step(model, history, f.rows, model.spec().quantiles.size(), f.quantiles);
}

void original_loop_units(const models::Regressor& model, const data::Series& raw, SeriesForecast& loop) {
  for (size_t k = 0; k < loop.rows.size(); ++k) loop.rows[k] = raw.rows() + k;
  if (model.transform().identity()) return;
  loop.values = original_continuation(model, raw, std::move(loop.values));
  if (loop.quantiles.empty()) return;
  // Each quantile of row R+k is the model's spread around its own median path before it.
  std::vector<std::vector<float>> history = target_columns(raw);
  const size_t O = model.spec().targets.size();
  for (size_t o = 0; o < O; ++o)
    for (size_t k = 0; k < loop.rows.size(); ++k) history[o].push_back(loop.values[k * O + o]);
  invert_one_step(model, history, loop.rows, model.spec().quantiles.size(), loop.quantiles);
}

std::vector<float> original_continuation(const models::Regressor& model, const data::Series& raw,
                                         std::vector<float> loop) {
  const data::TargetTransform& transform = model.transform();
  if (transform.identity()) return loop;
  const size_t O = model.spec().targets.size(), K = loop.size() / O;
  std::vector<float> z(K);
  for (size_t o = 0; o < O; ++o) {
    const size_t column = raw.targets.at(o);
    for (size_t k = 0; k < K; ++k) z[k] = loop[k * O + o];
    const std::vector<float> x = transform.invert_continuation(raw.names[column], raw.columns[column], z);
    for (size_t k = 0; k < K; ++k) loop[k * O + o] = x[k];
  }
  return loop;
}

std::vector<float> predict_sequences(models::Regressor& model, const data::SequenceDataset& sequences,
                                     std::span<const size_t> ids, size_t batch) {
  check_batch(batch);
  models::check_sequence_columns(sequences, model.spec());
  const size_t T = sequences.steps, O = static_cast<size_t>(model.config().outputs);
  const size_t K = model.return_sequences() ? T : 1;  // predictions per sequence
  std::vector<float> out(ids.size() * K * O);         // [n, K, O]
  std::vector<float> y;                               // [K, N, O]
  for (size_t first = 0; first < ids.size(); first += batch) {
    const size_t N = std::min(batch, ids.size() - first);
    const data::RegressionBatch b = data::sequence_batch(sequences, ids.subspan(first, N));
    y.resize(K * N * O);
    model.predict(static_cast<int>(T), static_cast<int>(N), b.inputs.data(), y.data());
    for (size_t k = 0; k < K; ++k)
      for (size_t n = 0; n < N; ++n)
        std::copy_n(y.data() + (k * N + n) * O, O, out.data() + ((first + n) * K + k) * O);
  }
  return to_data_units(model, std::move(out));
}

std::vector<float> classify_groups(models::Regressor& model, const data::Series& series,
                                   const data::Groups& groups, std::span<const size_t> ids, size_t batch) {
  check_batch(batch);
  if (!model.classifies() || model.return_sequences())
    throw Error("model", "is not a sequence classifier", "classify groups with a model trained with `group`");
  check_columns(model, series);
  const size_t C = static_cast<size_t>(model.config().outputs);
  // Batches of positions in `ids` (a group may be asked for twice), bucketed by their groups' lengths.
  std::vector<size_t> positions(ids.size()), lengths(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    positions[i] = i;
    lengths[i] = groups.length(ids[i]);
  }
  std::vector<float> out(ids.size() * C);  // [n, C]
  std::vector<float> p;                    // [N, C]
  std::vector<size_t> members;             // [N] group ids of one batch
  for (const std::vector<size_t>& b : data::length_batches(positions, lengths, batch)) {
    members.resize(b.size());
    for (size_t n = 0; n < b.size(); ++n) members[n] = ids[b[n]];
    const data::RegressionBatch x = data::group_batch(series, groups, members);  // inputs [T, N, F]
    p.resize(b.size() * C);
    model.predict(static_cast<int>(x.steps), static_cast<int>(x.batch), x.inputs.data(), p.data());
    for (size_t n = 0; n < b.size(); ++n) std::copy_n(p.data() + n * C, C, out.data() + b[n] * C);
  }
  return out;
}

}  // namespace lstmkit::infer
