#pragma once
// train-ts's options and the library config they make (jobs::TsTrainConfig).
#include "command.h"
#include "lstmkit/jobs/train_ts.h"

namespace lstmkit::cli {

// What to lower when a train-ts run does not fit in memory.
inline constexpr char kTrainTsMemoryHint[] = "use a smaller --batch, --hidden or --window";

// Every option of train-ts, with its defaults (one LSTM(50), RMSprop 1e-3, plateau schedule, patience 20).
void declare_train_ts_options(po::options_description& o);

// The run the options describe. Checks --out (train::check_output_dir) and records the options
// (cli/run_options.h), as every training command does, and refuses a model too large for memory.
// Throws lstmkit::UsageError for bad or missing options.
jobs::TsTrainConfig read_train_ts_config(const po::variables_map& vm);

}  // namespace lstmkit::cli
