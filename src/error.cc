#include "lstmkit/error.h"

namespace lstmkit {

namespace {
std::string format(const std::string& where, const std::string& what, const std::string& hint) {
  std::string line = where.empty() ? what : where + ": " + what;
  if (!hint.empty()) line += "; " + hint;
  return line;
}
}  // namespace

Error::Error(std::string where, std::string what, std::string hint)
    : std::runtime_error(format(where, what, hint)),
      where_(std::move(where)), what_(std::move(what)), hint_(std::move(hint)) {}

}  // namespace lstmkit
