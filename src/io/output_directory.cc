#include "lstmkit/io/output_directory.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "lstmkit/error.h"

namespace lstmkit::io {

namespace fs = std::filesystem;

void check_output_directory(const fs::path& dir, const std::string& option) {
  const std::string where = dir.string();
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec))
      throw Error(where, "is not a directory", "give " + option + " a directory (it is created if missing)");
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
      throw Error(where, std::string("cannot write in the output directory (") + std::strerror(errno) + ")",
                  "choose another " + option + " or change its permissions");
    return;
  }
  fs::path parent = dir.parent_path();
  while (!parent.empty() && !fs::exists(parent, ec)) parent = parent.parent_path();
  if (parent.empty()) parent = ".";
  if (!fs::is_directory(parent, ec))
    throw Error(where, "cannot be created: " + parent.string() + " is not a directory", "choose another " + option);
  if (::access(parent.c_str(), W_OK | X_OK) != 0)
    throw Error(where, "cannot be created in " + parent.string() + " (" + std::strerror(errno) + ")",
                "choose another " + option + " or change the permissions");
}

}  // namespace lstmkit::io
