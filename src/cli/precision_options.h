#pragma once
// --precision auto|f32|bf16, declared once for every command that trains or runs a model. The default
// is f32, so that every result stays what it was; auto and bf16 opt in (nn/precision.h).
#include <string>

#include "command.h"
#include "lstmkit/nn/precision.h"

namespace lstmkit::cli {

void declare_precision_option(po::options_description& o);

// --precision resolved on this CPU, before any data or model is read: throws lstmkit::Error for bf16
// where oneDNN has no native bf16.
nn::Precision read_precision(const po::variables_map& vm);

// "precision bf16 (oneDNN ISA avx512_core_bf16)": the one line each command prints on stderr. Training
// commands note it with their progress.
std::string precision_line(nn::Precision precision);
// The same line for the commands whose stderr is otherwise quiet (sample, translate, eval, forecast):
// printed when --precision was given, so that a default run's stderr stays what scripts expect.
void note_precision(const po::variables_map& vm, nn::Precision precision);

}  // namespace lstmkit::cli
