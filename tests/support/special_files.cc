#include "support/special_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>
#include <vector>

#include "lstmkit/error.h"

namespace lstmkit::testing {

void expect_special_files_refused(const std::filesystem::path& dir,
                                  const std::function<void(const std::string& path)>& read) {
  const std::string fifo = (dir / "fifo").string(), subdir = (dir / "subdir").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::filesystem::create_directory(subdir);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {fifo, "is a FIFO"},
      {"/dev/zero", "not a regular file"},
      {"/dev/full", "not a regular file"},
      {subdir, "is a directory"},
  };
  ::alarm(10);  // a reader that blocks or reads without end is ended here, failing the test
  for (const auto& [path, what] : cases) {
    SCOPED_TRACE(path);
    try {
      read(path);
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), path);
      EXPECT_NE(e.what_is_wrong().find(what), std::string::npos) << e.what();
    }
  }
  ::alarm(0);
}

}  // namespace lstmkit::testing
