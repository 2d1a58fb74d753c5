#include "lstmkit/text/line_reader.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lstmkit/error.h"

namespace lstmkit::text {

LineReader::LineReader(InvalidUtf8 on_invalid)
    : fd_(STDIN_FILENO), owned_(false), source_("stdin"), on_invalid_(on_invalid) {}

LineReader::LineReader(const std::string& path, InvalidUtf8 on_invalid)
    : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)), owned_(true), source_(path), on_invalid_(on_invalid) {
  if (fd_ < 0)
    throw Error(path, std::string("cannot read the file: ") + std::strerror(errno), "check the path and its permissions");
}

LineReader::~LineReader() {
  if (owned_) ::close(fd_);
}

bool LineReader::input_waiting() const {
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

void LineReader::read_more() {
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return;
    }
    if (n == 0) {
      eof_ = true;
      return;
    }
    if (errno != EINTR)
      throw Error(source_, std::string("cannot read: ") + std::strerror(errno), "check the input file or pipe");
  }
}

std::vector<std::string> LineReader::next(size_t max_lines) {
  size_t end = 0, lines = 0;  // buffer_[0, end) holds `lines` whole lines
  for (;;) {
    for (size_t nl; lines < max_lines && (nl = buffer_.find('\n', end)) != std::string::npos; ++lines) end = nl + 1;
    if (lines >= max_lines) break;
    if (eof_) {
      end = buffer_.size();
      break;
    }
    if (lines > 0 && !input_waiting()) break;
    read_more();
  }
  return take(end);
}

std::vector<std::string> LineReader::take(size_t bytes) {
  // A chunk ends just after a '\n' (or at the end of the input), so no UTF-8 sequence and no CRLF is cut.
  Utf8Text clean = decode_utf8(std::string_view(buffer_).substr(0, bytes), source_, on_invalid_, offset_);
  replaced_ += clean.replaced;
  buffer_.erase(0, bytes);
  offset_ += bytes;
  std::vector<std::string> lines;
  for (size_t begin = 0; begin < clean.text.size();) {
    size_t nl = clean.text.find('\n', begin);
    if (nl == std::string::npos) nl = clean.text.size();
    lines.emplace_back(clean.text, begin, nl - begin);
    begin = nl + 1;
  }
  return lines;
}

}  // namespace lstmkit::text
