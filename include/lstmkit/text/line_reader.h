#pragma once
// Lines of a file or of standard input, read a chunk at a time, for commands that answer line by line
// (translate). A chunk ends after `max_lines` lines or as soon as no more input is waiting, so a person
// typing at a terminal gets each answer right after the line, while a file or a pipe is read in large
// batches. Lines are checked and cleaned as decode_utf8 does (BOM dropped, CRLF and CR read as line
// ends), with error offsets counted from the start of the input. Each byte is searched for a line end
// once, and a line may hold at most kMaxLineBytes, so memory and time stay linear in the input.
#include <cstddef>
#include <string>
#include <vector>

#include "lstmkit/text/utf8_reader.h"

namespace lstmkit::text {

// The longest line read, in bytes without its line end: a sentence is far shorter, and without a bound
// an endless line (standard input from /dev/zero) would be read until memory ran out.
inline constexpr size_t kMaxLineBytes = size_t{1} << 20;

class LineReader {
 public:
  // Standard input, named "stdin" in errors.
  explicit LineReader(InvalidUtf8 on_invalid);
  // An open descriptor (a pipe, a memfd, ...), named `source` in errors; the caller keeps it open for
  // the reader's lifetime and closes it. Fuzzers and tests read memory through a pipe or memfd this way.
  LineReader(int fd, std::string source, InvalidUtf8 on_invalid);
  // The file at `path`; throws lstmkit::Error at `path` when it cannot be opened or is not a regular
  // file (io::open_input_file: a FIFO or a device is refused, never waited on or read without end).
  LineReader(const std::string& path, InvalidUtf8 on_invalid);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next lines without their line ends: at least one and at most `max_lines`, or none at the end of
  // the input. A last line without a line end counts; a final line end adds no empty line. Throws
  // lstmkit::Error for a read error, ill-formed UTF-8 ("SOURCE:byte N") or a line longer than
  // kMaxLineBytes ("SOURCE:LINE").
  std::vector<std::string> next(size_t max_lines);

  // U+FFFD substitutions so far (InvalidUtf8::replace only).
  size_t replaced() const { return replaced_; }

 private:
  bool input_waiting() const;
  void read_more();
  // Finds line ends after scanned_ until `max_lines` lines are whole; checks each line's length.
  void scan(size_t max_lines);
  // Throws at the line being scanned if it holds more than kMaxLineBytes.
  void check_length(size_t line_bytes) const;
  std::vector<std::string> take(size_t bytes);

  int fd_;
  bool owned_;
  std::string source_;
  InvalidUtf8 on_invalid_;
  std::string buffer_;     // bytes read but not yet returned
  size_t scanned_ = 0;     // buffer_[0, scanned_) was searched for line ends: each byte is searched once
  size_t lines_end_ = 0;   // buffer_[0, lines_end_) holds lines_ whole lines
  size_t lines_ = 0;
  size_t lines_taken_ = 0; // lines returned so far, to number the line in errors
  size_t offset_ = 0;      // input offset of buffer_[0]
  bool eof_ = false;
  size_t replaced_ = 0;
};

}  // namespace lstmkit::text
