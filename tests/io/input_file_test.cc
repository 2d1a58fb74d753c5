#include "lstmkit/io/input_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "lstmkit/error.h"
#include "lstmkit/io/safetensors.h"
#include "support/temp_dir.h"

namespace lstmkit::io {
namespace {

using testing::TempDir;
using testing::write_bytes;

// The error open_input_file gives for `path`, or "" when it opens.
Error open_error(const std::string& path) {
  try {
    open_input_file(path);
  } catch (const Error& e) {
    return e;
  }
  return Error("", "");
}

TEST(OpenInputFile, OpensARegularFileWithItsSize) {
  TempDir dir;
  const auto path = write_bytes(dir / "in.txt", "hello\n");
  InputFile file = open_input_file(path.string());
  EXPECT_EQ(file.size(), 6u);
  char bytes[8] = {};
  EXPECT_EQ(::read(file.fd(), bytes, sizeof bytes), 6);
  EXPECT_EQ(::fcntl(file.fd(), F_GETFL) & O_NONBLOCK, 0) << "the descriptor handed on blocks as usual";
  EXPECT_NE(::fcntl(file.fd(), F_GETFD) & FD_CLOEXEC, 0);
  EXPECT_EQ(read_input_file(path.string()), "hello\n");
  EXPECT_EQ(read_input_file(write_bytes(dir / "empty", "").string()), "");
}

TEST(OpenInputFile, RefusesAFifoWithoutWaitingForAWriter) {
  TempDir dir;
  const std::string fifo = (dir / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ::alarm(10);  // an open that waits for a writer would block forever: end the test instead
  const Error e = open_error(fifo);
  ::alarm(0);
  EXPECT_EQ(e.where(), fifo);
  EXPECT_EQ(e.what_is_wrong(), "is a FIFO (named pipe), not a regular file");
  EXPECT_NE(e.hint().find("standard input"), std::string::npos);
}

// `--model FIFO`: the checkpoint reader opens through open_input_file (a plain fopen would block).
TEST(OpenInputFile, TheCheckpointReaderRefusesAFifo) {
  TempDir dir;
  const std::string fifo = (dir / "model.safetensors").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ::alarm(10);
  try {
    read_safetensors_header(fifo);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.what_is_wrong(), "is a FIFO (named pipe), not a regular file");
  }
  ::alarm(0);
}

TEST(OpenInputFile, RefusesDirectoriesAndDevices) {
  TempDir dir;
  EXPECT_EQ(open_error(dir.path().string()).what_is_wrong(), "is a directory, not a file");
  for (const char* device : {"/dev/null", "/dev/zero", "/dev/full"}) {
    const Error e = open_error(device);
    EXPECT_EQ(e.where(), device);
    EXPECT_EQ(e.what_is_wrong(), "is a character device, not a regular file") << device;
  }
  EXPECT_THROW(read_input_file("/dev/zero"), Error);
}

TEST(OpenInputFile, AMissingOrUnreadableFileGivesTheReason) {
  TempDir dir;
  const Error missing = open_error((dir / "missing.txt").string());
  EXPECT_EQ(missing.where(), (dir / "missing.txt").string());
  EXPECT_EQ(missing.what_is_wrong(), "cannot read the file: No such file or directory");
  if (::geteuid() != 0) {  // root reads any file
    const auto locked = write_bytes(dir / "locked.txt", "x");
    ASSERT_EQ(::chmod(locked.c_str(), 0), 0);
    EXPECT_EQ(open_error(locked.string()).what_is_wrong(), "cannot read the file: Permission denied");
  }
}

TEST(OpenInputFile, ReleaseHandsTheDescriptorOver) {
  TempDir dir;
  InputFile file = open_input_file(write_bytes(dir / "in.txt", "x").string());
  const int fd = file.release();
  EXPECT_EQ(file.fd(), -1);
  EXPECT_EQ(::close(fd), 0) << "still open after release";
}

}  // namespace
}  // namespace lstmkit::io
