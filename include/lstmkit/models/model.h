#pragma once
// What every model is: a kind, parameters (PyTorch's tensors in one flat buffer), an initialisation and
// the metadata a checkpoint stores beside the tensors. The language model, the translator and the
// time-series model derive from it, each adding its layers; load_model() (model_load.h) reads any
// checkpoint into the model its kind names.
#include "lstmkit/io/safetensors.h"
#include "lstmkit/models/model_kind.h"
#include "lstmkit/nn/init.h"
#include "lstmkit/nn/parameters.h"
#include "lstmkit/rng.h"

namespace lstmkit::models {

class Model {
 public:
  virtual ~Model() = default;

  ModelKind kind() const { return kind_; }
  nn::Parameters& parameters() { return params_; }
  const nn::Parameters& parameters() const { return params_; }
  // Draws every weight from `rng` by `scheme`, layer by layer in the model's fixed order.
  virtual void initialize(nn::InitScheme scheme, Rng& rng) = 0;
  // "kind" and the model's own entries (config, vocabularies, scaler ...): everything the model's load()
  // reads besides the tensors.
  io::Metadata metadata() const;

 protected:
  explicit Model(ModelKind kind) : kind_(kind) {}
  // The model's metadata entries other than "kind".
  virtual io::Metadata own_metadata() const = 0;

  // A base-class member, so it exists before the derived class's layers register their tensors in it.
  nn::Parameters params_;

 private:
  ModelKind kind_;
};

}  // namespace lstmkit::models
