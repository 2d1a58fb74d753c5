#pragma once
#include <string>

namespace lstmkit {
// The library's version, as the build stamped it (CMake's project version).
std::string version();
}  // namespace lstmkit
