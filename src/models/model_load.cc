#include "lstmkit/models/model_load.h"

#include "lstmkit/models/language_model.h"
#include "lstmkit/models/regressor.h"
#include "lstmkit/models/seq2seq.h"

namespace lstmkit::models {

std::unique_ptr<Model> load_model(const std::filesystem::path& path, nn::Precision precision) {
  switch (read_model_kind(path)) {
    case ModelKind::lm: return LanguageModel::load(path, precision);
    case ModelKind::s2s: return Seq2Seq::load(path, precision);
    case ModelKind::ts: return Regressor::load(path, precision);
  }
  return nullptr;
}

}  // namespace lstmkit::models
