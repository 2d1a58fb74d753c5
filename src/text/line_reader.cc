#include "lstmkit/text/line_reader.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lstmkit/error.h"
#include "lstmkit/io/input_file.h"

namespace lstmkit::text {

LineReader::LineReader(InvalidUtf8 on_invalid) : LineReader(STDIN_FILENO, "stdin", on_invalid) {}

LineReader::LineReader(int fd, std::string source, InvalidUtf8 on_invalid)
    : fd_(fd), owned_(false), source_(std::move(source)), on_invalid_(on_invalid) {}

LineReader::LineReader(const std::string& path, InvalidUtf8 on_invalid)
    : fd_(io::open_input_file(path).release()), owned_(true), source_(path), on_invalid_(on_invalid) {}

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

void LineReader::check_length(size_t line_bytes) const {
  if (line_bytes > kMaxLineBytes)
    throw Error(source_ + ":" + std::to_string(lines_taken_ + lines_ + 1),
                "line is longer than " + std::to_string(kMaxLineBytes) + " bytes",
                "give one sentence per line; a line this long is most likely not text at all");
}

void LineReader::scan(size_t max_lines) {
  while (lines_ < max_lines) {
    size_t brk = buffer_.find_first_of("\r\n", scanned_);
    if (brk == std::string::npos) {
      scanned_ = buffer_.size();
      check_length(scanned_ - lines_end_);  // the line not yet ended may be too long already
      return;
    }
    check_length(brk - lines_end_);
    if (buffer_[brk] == '\r') {
      // A CR ends a line, and so does CRLF: a chunk must not end between the two (that would add a line).
      if (brk + 1 == buffer_.size() && !eof_) {
        scanned_ = brk;
        return;
      }
      if (brk + 1 < buffer_.size() && buffer_[brk + 1] == '\n') ++brk;
    }
    lines_end_ = scanned_ = brk + 1;
    ++lines_;
  }
}

std::vector<std::string> LineReader::next(size_t max_lines) {
  for (;;) {
    scan(max_lines);
    if (lines_ >= max_lines) break;
    if (eof_) {
      lines_end_ = buffer_.size();
      break;
    }
    if (lines_ > 0 && !input_waiting()) break;
    read_more();
  }
  return take(lines_end_);
}

std::vector<std::string> LineReader::take(size_t bytes) {
  // A chunk ends just after a line end (or at the end of the input), so no UTF-8 sequence and no CRLF is cut.
  Utf8Text clean = decode_utf8(std::string_view(buffer_).substr(0, bytes), source_, on_invalid_, offset_);
  replaced_ += clean.replaced;
  buffer_.erase(0, bytes);
  offset_ += bytes;
  scanned_ -= bytes;
  lines_end_ = lines_ = 0;
  std::vector<std::string> lines;
  for (size_t begin = 0; begin < clean.text.size();) {
    size_t nl = clean.text.find('\n', begin);
    if (nl == std::string::npos) nl = clean.text.size();
    lines.emplace_back(clean.text, begin, nl - begin);
    begin = nl + 1;
  }
  lines_taken_ += lines.size();
  return lines;
}

}  // namespace lstmkit::text
