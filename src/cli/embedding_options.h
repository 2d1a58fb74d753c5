#pragma once
// --embed E and --tie-embeddings for the commands that train on tokens (train-lm, train-s2s): learned
// embeddings instead of one-hot inputs (models/token_input.h). Declared once so both mean the same.
#include "command.h"

namespace lstmkit::cli {

struct EmbeddingChoice {
  int embed = 0;     // E; 0: one-hot inputs, today's models and checkpoints
  bool tie = false;  // the (decoder's) input embedding is the output layer's weight
};

void declare_embedding_options(po::options_description& o);

// Throws lstmkit::UsageError for --tie-embeddings without --embed equal to `hidden`, before any data is
// read. (--embed's range is checked with every other bound, option_checks.cc.)
EmbeddingChoice read_embedding_options(const po::variables_map& vm, int hidden);

}  // namespace lstmkit::cli
