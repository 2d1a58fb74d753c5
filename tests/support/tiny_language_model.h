#pragma once
// A 2×16 LSTM language model over the graphemes of one pangram, torch-initialised with a fixed seed:
// enough to run sampling loops step by step in the tests that count what a step builds or allocates.
#include <memory>

#include "lstmkit/models/language_model.h"
#include "lstmkit/nn/precision.h"

namespace lstmkit::testing {

std::unique_ptr<models::LanguageModel> tiny_language_model(nn::Precision precision);

}  // namespace lstmkit::testing
