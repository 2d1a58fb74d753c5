#pragma once
// The config a train-ts run starts from: its command-line options show these defaults and Python's
// Forecaster.fit keywords take them, so that an option left out means the same in both.
#include "lstmkit/jobs/train_ts.h"

namespace lstmkit::jobs {

// Keras' seed-001 setup (one LSTM(50) layer, RMSprop 1e-3, 100 epochs, windows of 80), the batch chosen
// from the windows, the plateau schedule counting any improvement, early stopping after 20 validations,
// clipping at norm 5.
TsTrainConfig default_ts_train_config();

}  // namespace lstmkit::jobs
