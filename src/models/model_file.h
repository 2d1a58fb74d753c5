#pragma once
// The steps every model's load() takes, in this order: read the checkpoint's header (checked as
// io::Checkpoint::read_header checks it) and require the model's kind; read its config and other metadata;
// check the tensors the configured model would register against the file's table, before anything is
// allocated; build the model and load its weights. Every failure is one lstmkit::Error at the file.
// Private to src/models.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lstmkit/io/checkpoint.h"
#include "lstmkit/models/model_kind.h"
#include "lstmkit/nn/parameters.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::models {

class ModelFile {
 public:
  // Reads the header; throws unless it names `kind`.
  ModelFile(std::filesystem::path path, ModelKind kind);

  const std::string& source() const { return source_; }
  const io::Metadata& metadata() const { return header_.metadata; }
  // The metadata entry `key`; missing, it is an Error saying the file is not an lstmkit model of the kind.
  const std::string& require(const std::string& key) const;
  const std::string& config() const { return require("config"); }
  // The vocabulary stored as JSON under `key`.
  text::Vocab vocab(const std::string& key) const;

  // Throws unless every tensor `shapes()` returns is in the file with that shape. shapes() computes them
  // from the config alone, its layers checking every size against their limits: a size out of them is
  // the file's error too, so a config that disagrees with its file never sizes an allocation.
  void check_tensors(const std::function<std::vector<nn::ParamShape>()>& shapes) const;
  // Loads the file's weights into `model` (built after check_tensors) and returns it.
  template <typename M>
  std::unique_ptr<M> load_weights(std::unique_ptr<M> model) const {
    io::Checkpoint::load(path_, model->parameters());
    return model;
  }

 private:
  std::filesystem::path path_;
  std::string source_;
  ModelKind kind_;
  io::SafetensorsHeader header_;
};

}  // namespace lstmkit::models
