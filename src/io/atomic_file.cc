#include "lstmkit/io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "lstmkit/error.h"
#include "lstmkit/io/unfinished_files.h"

namespace lstmkit::io {

namespace {

constexpr char kHint[] = "check that the directory exists and is writable and that the disk has free space";

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& step, int err) {
  throw Error(path.string(), "cannot write the file: " + step + ": " + std::strerror(err), kHint);
}

// write(2) may write less than asked (signals, pipes, quotas): loop until every byte is out.
bool write_all(int fd, std::span<const std::byte> bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
  }
  return true;
}

// Makes the rename durable. Filesystems that cannot fsync a directory say EINVAL; there is nothing more
// to do on those, so that is not an error.
void sync_directory(const std::filesystem::path& path) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail(path, "renamed, but cannot open its directory to fsync it", errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0 && err != EINVAL) fail(path, "renamed, but the fsync of its directory failed", err);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path,
                           std::span<const std::span<const std::byte>> pieces) {
  const std::string tmp = path.string() + ".tmp";
  const UnfinishedFile unfinished(tmp);
  // Raw file descriptors: write(2) keeps no user-space buffer, so nothing needs flushing before fsync.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, "cannot create " + tmp, errno);

  std::string step;
  for (std::span<const std::byte> piece : pieces)
    if (!write_all(fd, piece)) {
      step = "writing " + tmp;
      break;
    }
  if (step.empty() && ::fsync(fd) != 0) step = "fsync of " + tmp;
  int err = errno;
  if (::close(fd) != 0 && step.empty()) {
    step = "closing " + tmp;
    err = errno;
  }
  if (step.empty() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    step = "renaming " + tmp + " over it";
    err = errno;
  }
  if (!step.empty()) {
    ::unlink(tmp.c_str());
    fail(path, step, err);
  }
  sync_directory(path);
}

}  // namespace lstmkit::io
