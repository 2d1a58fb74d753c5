#pragma once
// Any checkpoint's model, for callers that take every kind (summary, Python's lstmkit.load).
#include <filesystem>
#include <memory>

#include "lstmkit/models/model.h"
#include "lstmkit/nn/precision.h"

namespace lstmkit::models {

// A LanguageModel, Seq2Seq or Regressor as the file's kind says, loaded by that class's load(). Throws
// lstmkit::Error at the file when it is not a readable lstmkit model.
// `precision`: the run's choice for the recurrent math (the checkpoint is f32 either way).
std::unique_ptr<Model> load_model(const std::filesystem::path& path, nn::Precision precision = nn::Precision::f32);

}  // namespace lstmkit::models
