#pragma once
// What a training run was started with — every option that shapes it, and the size and CRC-32 of each
// data file it read — stored in its checkpoints, so that `--resume` continues the same run: an option
// left out takes the stored value, one given with another value is refused by name, and data files
// must be given again (a path named inside a checkpoint is never opened) and must be the same bytes.
#include <optional>
#include <string>
#include <vector>

#include "command.h"

namespace lstmkit::cli {

// The run's options as JSON, for TrainerOptions::run_options. Reads the data files named by the options
// to fingerprint them.
std::string record_run_options(const po::variables_map& vm);

// With --resume: reads `--out`/last.safetensors' record and fills `vm` from it as if the user had typed
// the stored options. Throws lstmkit::UsageError for an option given with another value than the run's
// (--epochs may grow or shrink) and lstmkit::Error for data files that differ or are missing, and for a
// checkpoint without a record. Does nothing when there is no checkpoint (the command reports that).
void restore_run_options(const po::options_description& options, po::variables_map& vm);

// An option's value as the tokens a user would type for it, numbers in the shortest text that reads
// back as the same value; nullopt for a type no option has.
std::optional<std::vector<std::string>> tokens_of(const boost::any& value);

}  // namespace lstmkit::cli
