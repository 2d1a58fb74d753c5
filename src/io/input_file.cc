#include "lstmkit/io/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "lstmkit/error.h"

namespace lstmkit::io {

namespace {

constexpr char kOpenHint[] = "check the path and its permissions";

// What a non-regular file is, and what to do instead; an empty `what` for a regular file.
std::pair<std::string, std::string> refusal(mode_t mode) {
  if (S_ISREG(mode)) return {};
  if (S_ISDIR(mode)) return {"is a directory, not a file", "pass the path of a file inside it"};
  if (S_ISFIFO(mode))
    return {"is a FIFO (named pipe), not a regular file",
            "save the data to a file and pass its path, or pipe it to standard input where the command reads it"};
  if (S_ISCHR(mode) || S_ISBLK(mode))
    return {std::string("is a ") + (S_ISCHR(mode) ? "character" : "block") + " device, not a regular file",
            "pass the path of a regular file"};
  if (S_ISSOCK(mode)) return {"is a socket, not a regular file", "pass the path of a regular file"};
  return {"is not a regular file", "pass the path of a regular file"};
}

}  // namespace

InputFile::InputFile(InputFile&& other) noexcept : fd_(std::exchange(other.fd_, -1)), size_(other.size_) {}

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = other.size_;
  }
  return *this;
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

int InputFile::release() { return std::exchange(fd_, -1); }

InputFile open_input_file(const std::string& path) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer before fstat could refuse it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw Error(path, std::string("cannot read the file: ") + std::strerror(errno), kOpenHint);
  InputFile file(fd, 0);
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw Error(path, std::string("cannot read the file: ") + std::strerror(errno), kOpenHint);
  if (auto [what, hint] = refusal(st.st_mode); !what.empty()) throw Error(path, what, hint);
  // Reads of a regular file ignore O_NONBLOCK, but a descriptor handed on should be an ordinary one.
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
    throw Error(path, std::string("cannot read the file: ") + std::strerror(errno), kOpenHint);
  file.size_ = static_cast<uint64_t>(st.st_size);
  return file;
}

std::string read_input_file(const std::string& path) {
  InputFile file = open_input_file(path);
  std::string bytes;
  bytes.reserve(file.size());
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(file.fd(), chunk, sizeof chunk);
    if (n > 0) {
      bytes.append(chunk, static_cast<size_t>(n));
    } else if (n == 0) {
      return bytes;
    } else if (errno != EINTR) {
      throw Error(path, std::string("cannot read the file: ") + std::strerror(errno),
                  "check the disk, and that no other program is writing the file");
    }
  }
}

}  // namespace lstmkit::io
