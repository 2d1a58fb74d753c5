#pragma once
// What every reader of a user's file must refuse at once — neither block nor read without end: a FIFO
// without a writer, /dev/zero and /dev/full, and a directory.
#include <filesystem>
#include <functional>
#include <string>

namespace lstmkit::testing {

// Runs `read` on each such path (the FIFO and the directory made in `dir`) under an alarm, so that a
// reader that blocks or reads forever ends the test as failed, and expects an lstmkit::Error at the path
// saying what it is.
void expect_special_files_refused(const std::filesystem::path& dir,
                                  const std::function<void(const std::string& path)>& read);

}  // namespace lstmkit::testing
