#include "lstmkit/version.h"

namespace lstmkit {
std::string version() { return LSTMKIT_VERSION; }
}  // namespace lstmkit
