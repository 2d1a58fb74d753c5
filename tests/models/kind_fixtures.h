#pragma once
// One small model of each kind, saved as the training commands save it, for tests that read any
// checkpoint (its kind, its model).
#include <filesystem>
#include <string>
#include <vector>

#include "lstmkit/io/checkpoint.h"
#include "lstmkit/models/language_model.h"
#include "lstmkit/models/model_kind.h"
#include "lstmkit/models/regressor.h"
#include "lstmkit/models/seq2seq.h"
#include "lstmkit/rng.h"
#include "support/reversal_toy.h"

namespace lstmkit::models::testing {

using lstmkit::testing::letter_vocab;

// An n-to-1 regressor of the synthetic adding problem: 2 features, 1 target.
inline Regressor adding_regressor(const StackConfig& stack) {
  TsSpec spec;
  spec.source.synthetic = data::SyntheticOptions{data::SyntheticKind::adding, 20, 0.1, 1, 8};
  spec.window = {20, 0, false};
  spec.scale = data::ScaleKind::none;
  spec.features = {"value", "mask"};
  spec.targets = {"sum"};
  RegressorConfig c;
  static_cast<StackConfig&>(c) = stack;
  c.inputs = 2;
  return Regressor(c, spec, data::Scaler());
}

template <typename Model>
void save_initialized(Model& model, const std::filesystem::path& path) {
  Rng rng(3);
  model.initialize(nn::InitScheme::keras, rng);
  io::Checkpoint::save(path, model.parameters(), {}, model.metadata());
}

// Saves a model of `kind` (hidden 3, one layer; vocabularies and widths differ between kinds) at `path`.
inline void save_small_model(ModelKind kind, const std::filesystem::path& path) {
  const StackConfig stack{nn::CellKind::lstm, 3, 1, 0.0f};
  switch (kind) {
    case ModelKind::lm: {
      LanguageModel m(letter_vocab("abcde"), LmConfig{stack});
      return save_initialized(m, path);
    }
    case ModelKind::s2s: {
      Seq2Seq m(letter_vocab("abc"), letter_vocab("wxyz"), S2sConfig{stack, false});
      return save_initialized(m, path);
    }
    case ModelKind::ts: {
      Regressor m = adding_regressor(stack);
      return save_initialized(m, path);
    }
  }
}

}  // namespace lstmkit::models::testing
