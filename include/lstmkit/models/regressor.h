#pragma once
// The time-series model: features [T, N, F] → recurrent stack → Dense head, read at the last step
// (n-to-1, Keras' return_sequences=False) or at every step (n-to-n). Regression: O linear outputs and
// mean squared error, or with quantiles Q·O outputs and the pinball loss (nn/quantile_loss.h).
// Classification: C logits, softmax cross-entropy and accuracy.
// Parameters are PyTorch's `rnn.*` (nn.LSTM/GRU/RNN with input size F) and `head.*` (nn.Linear); the
// model also carries its TsSpec (data source, window, columns, classes), the fitted Scaler and target
// transform (data/target_transform.h), so a checkpoint alone is enough to forecast in data units.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "lstmkit/data/regression_batch.h"
#include "lstmkit/data/scaler.h"
#include "lstmkit/data/target_transform.h"
#include "lstmkit/models/model.h"
#include "lstmkit/models/series_units.h"
#include "lstmkit/models/stack_config.h"
#include "lstmkit/models/ts_spec.h"
#include "lstmkit/nn/dense.h"
#include "lstmkit/nn/recurrent.h"

namespace lstmkit::models {

struct RegressorConfig : StackConfig {
  int inputs = 1;   // F, features per step
  int outputs = 1;  // O regression outputs, or C classes
};

// The `config` metadata: the network's shape {"cell", "hidden", "layers", "dropout", "inputs",
// "outputs", "task"} merged with ts_spec_json(spec).
std::string ts_config_json(const RegressorConfig& config, const TsSpec& spec);

// What one batch scored.
struct TsScore {
  double loss = 0;      // mean over count rows (MSE also over the O outputs of each row; pinball: summed over Q)
  int64_t count = 0;    // target rows: windows or sequences (n-to-1), or their steps (n-to-n)
  int64_t correct = 0;  // classification: rows whose most probable class is the target
};

class Regressor : public Model {
 public:
  // Throws lstmkit::Error when config and spec disagree (F = features, O = targets or C = classes), or a
  // transform is not the identity on other columns than the targets of one series' regressor.
  Regressor(const RegressorConfig& config, TsSpec spec, data::Scaler scaler, data::TargetTransform transform = {});

  // The tensors the network registers, from its config alone (rnn.*, head.*).
  static std::vector<nn::ParamShape> parameter_shapes(const RegressorConfig& config);

  // Builds the model a checkpoint describes and loads its weights. Throws lstmkit::Error at the file when
  // it is not a time-series model or its config is bad, inconsistent or does not match its tensors —
  // checked before anything is allocated.
  // `precision`: the run's choice for the recurrent math (the checkpoint is f32 either way).
  static std::unique_ptr<Regressor> load(const std::filesystem::path& path,
                                         nn::Precision precision = nn::Precision::f32);

  const RegressorConfig& config() const { return config_; }
  const TsSpec& spec() const { return spec_; }
  const data::Scaler& scaler() const { return scaler_; }
  const data::TargetTransform& transform() const { return transform_; }
  // A model of several series (TsSpec::multi_series): each one's scaler and transform, by id (scaler() and
  // transform() are then the identity); empty for a model of one series.
  const std::vector<SeriesUnits>& series_units() const { return series_units_; }
  // Throws lstmkit::Error unless the spec has several series, `units` is not empty and each transform fits.
  void set_series_units(std::vector<SeriesUnits> units);
  // Returns f() run with scaler() and transform() set to series `id`'s own, restored afterwards (also when
  // f throws): forecasting written for a model of one series then serves each series of a model of
  // several, one at a time. Throws lstmkit::Error at `where` for an id the model has no units for.
  template <class F>
  auto with_series_units(const std::string& id, const std::string& where, F&& f) -> decltype(f());
  bool classifies() const { return spec_.classifies(); }
  bool return_sequences() const { return spec_.window.return_sequences; }
  // How the model was trained (jobs/ts_retrain.h writes and reads it: the optimiser, schedule, epochs,
  // batch ...), kept in its checkpoints under "training" so that a backtest can train new models the same
  // way. Opaque here; empty for a model trained before lstmkit recorded it.
  const std::string& training_record() const { return training_record_; }
  void set_training_record(std::string json) { training_record_ = std::move(json); }
  void initialize(nn::InitScheme scheme, Rng& rng) override;

  // batch: inputs [T, N, F]; targets [N, O] or [T, N, O] for regression, class ids [N] or [T, N] (as
  // floats, one output column) for classification. ADDS the gradient of the batch's mean loss into
  // parameters().grads().
  TsScore train_batch(const data::RegressionBatch& batch, Rng& dropout_rng);
  // The same score without gradients or dropout.
  TsScore evaluate_batch(const data::RegressionBatch& batch);
  // x [T, N, F] → out [N, O] (n-to-1) or [T, N, O] (n-to-n): values in model units, or class
  // probabilities (O = C) for a classifier.
  void predict(int T, int N, const float* x, float* out);

 protected:
  // config, scaler, transform unless it is the identity (older checkpoints have none), and training
  // unless empty.
  io::Metadata own_metadata() const override;

 private:
  // Fills y_ [T, N, H] and out_ [rows, O] (logits for a classifier) from x [T, N, F] in inference mode.
  void forward_inference(int T, int N, const float* x);
  TsScore score(const data::RegressionBatch& batch, float* dout);
  void check_batch(const data::RegressionBatch& batch) const;

  RegressorConfig config_;
  TsSpec spec_;
  data::Scaler scaler_;
  data::TargetTransform transform_;
  std::vector<SeriesUnits> series_units_;
  std::string training_record_;
  nn::Recurrent rnn_;
  nn::Dense head_;
  // Reused between calls of one shape, so steady-state training allocates nothing.
  std::vector<float> y_;        // [T, N, H] recurrent outputs
  std::vector<float> out_;      // [rows, O] head outputs; rows = N, or T·N when n-to-n
  std::vector<float> dout_;     // [rows, O]
  std::vector<float> dhead_;    // [rows, H] gradient on the head's input
  std::vector<float> dy_;       // [T, N, H] (n-to-1: zero but the last step)
  std::vector<int32_t> ids_;    // [rows] class ids of a classifier's targets
};

template <class F>
auto Regressor::with_series_units(const std::string& id, const std::string& where, F&& f) -> decltype(f()) {
  const SeriesUnits& units = units_of(series_units_, id, where);
  struct Restore {
    Regressor& model;
    data::Scaler scaler;
    data::TargetTransform transform;
    ~Restore() {
      model.scaler_ = std::move(scaler);
      model.transform_ = std::move(transform);
    }
  } restore{*this, std::exchange(scaler_, units.scaler), std::exchange(transform_, units.transform)};
  return f();
}

}  // namespace lstmkit::models
