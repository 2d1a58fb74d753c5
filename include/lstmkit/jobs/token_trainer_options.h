#pragma once
// The training recipe the token models (language model and translator) start from.
#include "lstmkit/train/trainer.h"

namespace lstmkit::jobs {

// Adam 2e-3 with Keras' hyper-parameters, gradient norm clipped to 5, 20 epochs: char-rnn's recipe with
// Adam in place of RMSprop.
train::TrainerOptions token_trainer_options();

}  // namespace lstmkit::jobs
