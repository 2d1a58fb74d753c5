#pragma once
// Checks that hold for an option's value whatever the command: numbers are finite, unsigned options are
// not given negative values (Boost would wrap -1 to 2^64 - 1), and every size a user can type has an
// upper bound, so that no option can ask for hours of work or terabytes of memory by a slip of the keys.
// A name means the same in every command (DESIGN.md), so one table of bounds serves them all.
#include "command.h"

namespace lstmkit::cli {

// Throws lstmkit::UsageError naming the first offending `--option`.
void check_option_values(const po::options_description& options, const po::parsed_options& parsed,
                         const po::variables_map& vm);

}  // namespace lstmkit::cli
