#pragma once
// Opening a file the user named (`--text`, `--csv`, `--pairs`, `--input`, `--model`, ...) for reading.
// Every reader of a user's file opens it here, so that none of them can hang or read without end on
// something that is not a file: a FIFO without a writer would block `open` itself, and a device such as
// /dev/zero or /dev/full never ends. Only a regular file is accepted; anything else is an lstmkit::Error
// at the path saying what it is and what to do instead.
#include <cstdint>
#include <string>

namespace lstmkit::io {

// A regular file open for reading (blocking reads, close-on-exec); closed when destroyed.
class InputFile {
 public:
  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  ~InputFile();

  int fd() const { return fd_; }
  uint64_t size() const { return size_; }  // bytes when opened
  // Hands the descriptor over (e.g. to fdopen): the caller closes it from now on.
  int release();

 private:
  friend InputFile open_input_file(const std::string& path);
  InputFile(int fd, uint64_t size) : fd_(fd), size_(size) {}

  int fd_ = -1;
  uint64_t size_ = 0;
};

// Opens `path` without ever blocking and refuses anything but a regular file: a missing or unreadable
// path, a directory, a FIFO, a device or a socket is an lstmkit::Error at `path`.
InputFile open_input_file(const std::string& path);

// The whole of the regular file at `path` (opened as above); a read error is an lstmkit::Error at `path`.
std::string read_input_file(const std::string& path);

}  // namespace lstmkit::io
