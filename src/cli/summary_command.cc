#include "command.h"

namespace lstmkit::cli {
Command summary_command() { return Command{"summary", "placeholder", {}, {}, "", 0}; }
}  // namespace lstmkit::cli
