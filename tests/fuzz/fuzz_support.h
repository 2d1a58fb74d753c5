#pragma once
// Shared by the libFuzzer targets of tests/fuzz: an in-memory file for readers that only take a path,
// and a check that fails loudly. A target catches lstmkit::Error (bad input, answered properly) and
// nothing else: any other exception escaping a reader is a finding, as are crashes, sanitizer reports,
// timeouts and out-of-memory.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace lstmkit::fuzz {

// A memfd: a regular file in memory (so io::open_input_file accepts it), reached through
// /proc/self/fd/N. One per process, rewritten for every input; nothing touches the disk.
class MemFile {
 public:
  MemFile() : fd_(::memfd_create("lstmkit-fuzz", MFD_CLOEXEC)) {
    if (fd_ < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemFile() { ::close(fd_); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;

  // Replaces the file's contents with `bytes`; returns its path.
  const std::string& write(std::string_view bytes) {
    if (::ftruncate(fd_, 0) != 0) fail("ftruncate");
    for (size_t done = 0; done < bytes.size();) {
      const ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
      if (n <= 0) fail("pwrite");
      done += static_cast<size_t>(n);
    }
    return path_;
  }

 private:
  [[noreturn]] static void fail(const char* what) {
    std::perror(what);
    std::abort();
  }
  int fd_;
  std::string path_;
};

// Takes the first byte of the input as option bits for the target (0 when the input is empty).
inline uint8_t take_flags(std::string_view& bytes) {
  if (bytes.empty()) return 0;
  const auto flags = static_cast<uint8_t>(bytes.front());
  bytes.remove_prefix(1);
  return flags;
}

}  // namespace lstmkit::fuzz

// An invariant of the code under test: a violation aborts, which libFuzzer reports as a crash with the
// input that caused it.
#define FUZZ_CHECK(cond)                                                                        \
  do {                                                                                          \
    if (!(cond)) {                                                                              \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond);        \
      std::abort();                                                                             \
    }                                                                                           \
  } while (0)
