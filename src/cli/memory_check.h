#pragma once
// Every size option has an upper bound (option_checks.h), but their product can still ask for more
// memory than the machine has. Linux then grants the allocation and kills the program while it zeroes
// the buffers — no message, nothing saved. So a training run estimates what it needs before it
// allocates anything and refuses what cannot fit.
#include <string>
#include <vector>

#include "lstmkit/models/stack_config.h"
#include "lstmkit/nn/parameters.h"

namespace lstmkit::cli {

// Refuses (lstmkit::UsageError at `command`, with `hint` naming the options to lower) a run whose
// parameters — kept with their gradients, optimiser moments and oneDNN's two reordered copies — and one
// batch's `batch_floats` (inputs, activations, workspace) need more than this machine's memory.
// Floats a recurrent stack keeps per time step and sequence while training: each layer's gates, state
// and output in the forward workspace, and their gradients.
long double stack_floats_per_step(const models::StackConfig& stack);
// Floats a token input keeps per time step and sequence while training: the one-hot row [V], or the
// embedded row and its gradient [E] each.
long double input_floats_per_step(int vocab, int embed);

void check_training_fits(const std::string& command, const std::vector<nn::ParamShape>& parameters,
                         long double batch_floats, const std::string& hint);

}  // namespace lstmkit::cli
