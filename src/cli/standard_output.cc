#include "standard_output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "lstmkit/error.h"

namespace lstmkit::cli {

void flush_stdout() {
  errno = 0;
  std::cout.flush();
  // std::cout writes through stdout's buffer (sync_with_stdio), so ferror sees a failure of either.
  const bool failed = std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout;
  if (!failed) return;
  const int err = errno;
  throw Error("stdout", std::string("cannot write the results") + (err ? std::string(" (") + std::strerror(err) + ")" : ""),
              "check the disk or the pipe that stdout goes to");
}

}  // namespace lstmkit::cli
