#include "lstmkit/io/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "support/temp_dir.h"

namespace lstmkit::io {
namespace {

using testing::read_bytes;
using testing::TempDir;
using testing::write_bytes;

std::span<const std::byte> bytes_of(const std::string& s) { return std::as_bytes(std::span(s)); }

void write(const std::filesystem::path& path, const std::vector<std::string>& texts) {
  std::vector<std::span<const std::byte>> pieces;
  for (const std::string& t : texts) pieces.push_back(bytes_of(t));
  write_file_atomically(path, pieces);
}

std::string tmp_of(const std::filesystem::path& path) { return path.string() + ".tmp"; }

TEST(AtomicFile, ReplacesTheFileWithThePiecesAndLeavesNoTmp) {
  TempDir dir;
  const auto path = dir / "model.safetensors";
  write_bytes(path, "old contents");
  write(path, {"new ", "", "contents"});
  EXPECT_EQ(read_bytes(path), "new contents");
  EXPECT_FALSE(std::filesystem::exists(tmp_of(path)));
}

TEST(AtomicFile, MissingDirectoryThrowsNamingThePath) {
  TempDir dir;
  const auto path = dir / "no-such-dir" / "model.safetensors";
  try {
    write(path, {"data"});
    FAIL() << "expected lstmkit::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), path.string());
    EXPECT_NE(e.what_is_wrong().find("No such file or directory"), std::string::npos) << e.what();
    EXPECT_FALSE(e.hint().empty());
  }
  EXPECT_FALSE(std::filesystem::exists(tmp_of(path)));
}

// The .tmp is written in full, then the rename fails: the .tmp must go and the target stay.
TEST(AtomicFile, FailedRenameRemovesTheTmp) {
  TempDir dir;
  const auto path = dir / "taken";
  std::filesystem::create_directory(path);
  write_bytes(path / "inside", "keep");
  EXPECT_THROW(write(path, {"data"}), Error);
  EXPECT_FALSE(std::filesystem::exists(tmp_of(path)));
  EXPECT_EQ(read_bytes(path / "inside"), "keep");
}

// A full disk, simulated by a file-size limit (EFBIG instead of ENOSPC, same code path). The limit
// applies to the whole process, so this runs in a forked child (EXPECT_EXIT) that reports by exit code.
void write_past_size_limit_and_exit(const std::filesystem::path& path, const std::string& old_contents) {
  std::signal(SIGXFSZ, SIG_IGN);  // otherwise the kernel kills the writer instead of failing write()
  const rlimit limit{4096, 4096};
  setrlimit(RLIMIT_FSIZE, &limit);
  bool threw = false;
  try {
    write(path, {std::string(1 << 16, 'n')});
  } catch (const Error& e) {
    threw = e.where() == path.string() && e.what_is_wrong().find("too large") != std::string::npos;
    if (!threw) std::cerr << "wrong error: " << e.what() << "\n";
  }
  const bool intact = read_bytes(path) == old_contents && !std::filesystem::exists(tmp_of(path));
  if (!intact) std::cerr << "old file changed or .tmp left behind\n";
  std::exit(threw && intact ? 0 : 1);
}

TEST(AtomicFile, FullDiskKeepsTheOldFile) {
  TempDir dir;
  const auto path = dir / "model.safetensors";
  const std::string old_contents(100, 'o');
  write_bytes(path, old_contents);
  EXPECT_EXIT(write_past_size_limit_and_exit(path, old_contents), ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace lstmkit::io
