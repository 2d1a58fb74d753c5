#include "lstmkit/models/regressor.h"

#include <algorithm>
#include <cmath>

#include "config_json.h"
#include "model_file.h"
#include "lstmkit/error.h"
#include "lstmkit/nn/loss.h"
#include "lstmkit/nn/quantile_loss.h"

namespace lstmkit::models {

namespace {

constexpr char kRnn[] = "rnn", kHead[] = "head";  // module names, the prefixes of their tensors
constexpr char kTrainingKey[] = "training";

RegressorConfig regressor_config_from_json(const std::string& text, const std::string& source) {
  return parse_config(text, source, [&](const nlohmann::json& j) {
    RegressorConfig c;
    read_stack(j, source, c);
    c.inputs = static_cast<int>(config_integer(j, "inputs", 1, nn::kMaxWidth, source));
    c.outputs = static_cast<int>(config_integer(j, "outputs", 1, nn::kMaxWidth, source));
    return c;
  });
}

// Throws an Error at `where` unless the network's widths fit the spec's columns and classes.
const TsSpec& checked(const RegressorConfig& c, const TsSpec& spec, const std::string& where) {
  const size_t want_outputs = output_count(spec);
  if (static_cast<size_t>(c.inputs) != spec.features.size() || static_cast<size_t>(c.outputs) != want_outputs)
    throw Error(where,
                "the network takes " + std::to_string(c.inputs) + " inputs and gives " +
                    std::to_string(c.outputs) + " outputs, but the data has " +
                    std::to_string(spec.features.size()) + " features and " + std::to_string(want_outputs) +
                    (spec.classifies() ? " classes" : " targets"),
                "the model config is inconsistent; retrain it");
  if (spec.classifies() && (spec.targets.size() != 1 || spec.window.steps != 1))
    throw Error(where, "a classifier needs exactly one label column and one output step",
                "the model config is inconsistent; retrain it");
  return spec;
}

const data::TargetTransform& checked(const TsSpec& spec, const data::TargetTransform& t, const std::string& where) {
  if (!t.identity() && (spec.classifies() || spec.grouped() || spec.source.is_sequences() ||
                        t.column_names() != spec.targets))
    throw Error(where, "the target transform does not fit the model (it applies to the targets of one series' regressor)",
                "the model config is inconsistent; retrain it");
  return t;
}

}  // namespace

std::string ts_config_json(const RegressorConfig& c, const TsSpec& spec) {
  nlohmann::json j = nlohmann::json::parse(ts_spec_json(spec));
  j.update(stack_json(c));
  j["inputs"] = c.inputs;
  j["outputs"] = c.outputs;
  j["task"] = spec.classifies() ? "classify" : "regress";
  return j.dump();
}

Regressor::Regressor(const RegressorConfig& config, TsSpec spec, data::Scaler scaler, data::TargetTransform transform)
    : Model(ModelKind::ts), config_(config), spec_(checked(config, spec, "time-series model")),
      scaler_(std::move(scaler)),
      transform_(checked(spec_, transform, "time-series model")),
      rnn_(params_, kRnn, config.recurrent(config.inputs)), head_(params_, kHead, config.hidden, config.outputs) {}

std::vector<nn::ParamShape> Regressor::parameter_shapes(const RegressorConfig& config) {
  std::vector<nn::ParamShape> shapes = nn::Recurrent::parameter_shapes(kRnn, config.recurrent(config.inputs));
  const std::vector<nn::ParamShape> head = nn::Dense::parameter_shapes(kHead, config.hidden, config.outputs);
  shapes.insert(shapes.end(), head.begin(), head.end());
  return shapes;
}

std::unique_ptr<Regressor> Regressor::load(const std::filesystem::path& path, nn::Precision precision) {
  const ModelFile file(path, ModelKind::ts);
  const std::string& source = file.source();
  const io::Metadata& meta = file.metadata();
  const std::string& config_json = file.config();
  RegressorConfig config = regressor_config_from_json(config_json, source);
  config.precision = precision;
  TsSpec spec = ts_spec_from_json(config_json, source);
  checked(config, spec, source);
  file.check_tensors([&] { return parameter_shapes(config); });
  data::Scaler scaler = data::Scaler::from_json(file.require("scaler"), source + " (scaler)");
  const auto stored = meta.find("transform");
  const data::TargetTransform transform =
      stored == meta.end() ? data::TargetTransform() : data::TargetTransform::from_json(stored->second, source);
  checked(spec, transform, source);
  std::vector<SeriesUnits> units;
  if (spec.multi_series())
    units = series_units_from_json(file.require("series"), spec.source.csv_options.series, source);
  auto model = std::make_unique<Regressor>(config, std::move(spec), std::move(scaler), transform);
  if (!units.empty()) model->set_series_units(std::move(units));
  if (const auto record = meta.find(kTrainingKey); record != meta.end()) model->set_training_record(record->second);
  return file.load_weights(std::move(model));
}

void Regressor::set_series_units(std::vector<SeriesUnits> units) {
  if (!spec_.multi_series() || units.empty() || !transform_.identity())
    throw Error("time-series model", "scaling per series needs a model of several series and at least one series",
                "the model config is inconsistent; retrain it");
  for (const SeriesUnits& u : units) checked(spec_, u.transform, "time-series model");
  series_units_ = std::move(units);
}

void Regressor::initialize(nn::InitScheme scheme, Rng& rng) {
  rnn_.initialize(scheme, rng);
  head_.initialize(scheme, rng);
}

io::Metadata Regressor::own_metadata() const {
  io::Metadata m{{"config", ts_config_json(config_, spec_)}, {"scaler", scaler_.to_json()}};
  if (!transform_.identity()) m["transform"] = transform_.to_json();
  if (!series_units_.empty()) m["series"] = series_units_json(spec_.source.csv_options.series, series_units_);
  if (!training_record_.empty()) m[kTrainingKey] = training_record_;
  return m;
}

void Regressor::check_batch(const data::RegressionBatch& b) const {
  const size_t want_outputs = classifies() ? 1 : static_cast<size_t>(config_.outputs) / spec_.quantile_count();
  if (b.features != static_cast<size_t>(config_.inputs) || b.outputs != want_outputs ||
      b.per_step_targets != return_sequences() || b.steps == 0 || b.batch == 0)
    throw Error("time-series batch",
                "shape T " + std::to_string(b.steps) + ", N " + std::to_string(b.batch) + ", F " +
                    std::to_string(b.features) + ", O " + std::to_string(b.outputs) +
                    (b.per_step_targets ? " per step" : "") + " does not fit the model (F " +
                    std::to_string(config_.inputs) + ", O " + std::to_string(want_outputs) +
                    (return_sequences() ? " per step)" : ")"));
}

// The loss of out_ against the batch's targets; writes dout [rows, O] unless null.
TsScore Regressor::score(const data::RegressionBatch& b, float* dout) {
  const int rows = static_cast<int>(out_.size()) / config_.outputs;
  TsScore s;
  s.count = rows;
  if (!classifies() && spec_.quantiles.empty()) {
    s.loss = nn::mean_squared_error(rows, config_.outputs, out_.data(), b.targets.data(), dout);
    return s;
  }
  if (!classifies()) {
    // out_ [rows, S, Q, O] against targets [rows, S, O]: one pinball row per window and output step.
    const int Q = static_cast<int>(spec_.quantiles.size()), O = static_cast<int>(spec_.targets.size());
    s.loss = nn::quantile_loss(static_cast<int>(out_.size()) / (Q * O), Q, O, out_.data(), b.targets.data(),
                               spec_.quantiles.data(), dout);
    return s;
  }
  const int C = config_.outputs;
  ids_.resize(rows);
  for (int r = 0; r < rows; ++r) {
    const float id = b.targets[r];  // [rows] class ids, in the same [T, N] / [N] order as out_
    if (!(id >= 0 && id < C) || id != std::floor(id))
      throw Error("time-series batch", "class id " + std::to_string(id) + " is not in [0, " + std::to_string(C) + ")");
    ids_[r] = static_cast<int32_t>(id);
    const float* row = out_.data() + static_cast<size_t>(r) * C;
    if (std::max_element(row, row + C) - row == ids_[r]) ++s.correct;
  }
  s.loss = nn::softmax_cross_entropy(rows, C, out_.data(), ids_.data(), dout).loss;
  return s;
}

TsScore Regressor::train_batch(const data::RegressionBatch& b, Rng& dropout_rng) {
  check_batch(b);
  const int T = static_cast<int>(b.steps), N = static_cast<int>(b.batch), H = config_.hidden,
            O = config_.outputs;
  const int rows = return_sequences() ? T * N : N;
  y_.resize(static_cast<size_t>(T) * N * H);
  out_.resize(static_cast<size_t>(rows) * O);
  dout_.resize(out_.size());
  dhead_.resize(static_cast<size_t>(rows) * H);
  rnn_.forward_training(T, N, b.inputs.data(), nullptr, y_.data(), nullptr, dropout_rng);
  const float* head_in = return_sequences() ? y_.data() : nn::last_step(T, N, H, y_.data());
  head_.forward(rows, head_in, out_.data());
  const TsScore s = score(b, dout_.data());
  // Backward in reverse order: head, then (n-to-1) the last step's gradient spread over [T, N, H], then
  // the recurrent stack, each part's gradients final when it ends. The inputs need no gradient.
  params_.backward_started(s.count);
  head_.backward(rows, head_in, dout_.data(), dhead_.data());
  params_.gradients_final(std::string(kHead) + ".");
  if (return_sequences()) {
    rnn_.backward(dhead_.data(), nullptr, nullptr, nullptr);
  } else {
    dy_.resize(y_.size());
    nn::scatter_last_step(T, N, H, dhead_.data(), dy_.data());
    rnn_.backward(dy_.data(), nullptr, nullptr, nullptr);
  }
  params_.gradients_final(std::string(kRnn) + ".");
  return s;
}

void Regressor::forward_inference(int T, int N, const float* x) {
  const int H = config_.hidden;
  const int rows = return_sequences() ? T * N : N;
  y_.resize(static_cast<size_t>(T) * N * H);
  out_.resize(static_cast<size_t>(rows) * config_.outputs);
  rnn_.forward_inference(T, N, x, nullptr, y_.data(), nullptr);
  head_.forward(rows, return_sequences() ? y_.data() : nn::last_step(T, N, H, y_.data()), out_.data());
}

TsScore Regressor::evaluate_batch(const data::RegressionBatch& b) {
  check_batch(b);
  forward_inference(static_cast<int>(b.steps), static_cast<int>(b.batch), b.inputs.data());
  return score(b, nullptr);
}

void Regressor::predict(int T, int N, const float* x, float* out) {
  forward_inference(T, N, x);
  const int rows = static_cast<int>(out_.size()) / config_.outputs;
  if (classifies())
    nn::softmax(rows, config_.outputs, out_.data(), out);
  else
    std::copy(out_.begin(), out_.end(), out);
}

}  // namespace lstmkit::models
