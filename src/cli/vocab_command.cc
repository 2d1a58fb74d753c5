#include "command.h"

namespace lstmkit::cli {
Command vocab_command() { return Command{"vocab", "placeholder", {}, {}, "", 0}; }
}  // namespace lstmkit::cli
