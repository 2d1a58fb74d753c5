#pragma once
// A fresh directory per test, removed with everything in it when the test ends, and whole-file byte
// helpers for tests that write inputs or inspect what the library wrote.
#include <filesystem>
#include <string>
#include <string_view>

namespace lstmkit::testing {

// Lives under the system temp dir as lstmkit-<suite>.<test>-<pid>, so that parallel test processes and
// leftovers of a crashed run never meet. Construct it inside a test (or a fixture): the name comes from
// the running test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The file's bytes; fails the test (and returns "") when it cannot be read.
std::string read_bytes(const std::filesystem::path& path);

// Writes `bytes` exactly (binary, replacing the file) and returns `path`; fails the test when it cannot.
std::filesystem::path write_bytes(const std::filesystem::path& path, std::string_view bytes);

}  // namespace lstmkit::testing
