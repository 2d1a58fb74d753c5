#pragma once
// Lines of a file or of standard input, read a chunk at a time, for commands that answer line by line
// (translate). A chunk ends after `max_lines` lines or as soon as no more input is waiting, so a person
// typing at a terminal gets each answer right after the line, while a file or a pipe is read in large
// batches. Lines are checked and cleaned as decode_utf8 does (BOM dropped, CRLF and CR read as line
// ends), with error offsets counted from the start of the input.
#include <cstddef>
#include <string>
#include <vector>

#include "lstmkit/text/utf8_reader.h"

namespace lstmkit::text {

class LineReader {
 public:
  // Standard input, named "stdin" in errors.
  explicit LineReader(InvalidUtf8 on_invalid);
  // The file at `path`; throws lstmkit::Error at `path` when it cannot be opened.
  LineReader(const std::string& path, InvalidUtf8 on_invalid);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next lines without their line ends: at least one and at most about `max_lines` (a CR inside a
  // chunk may end one more), or none at the end of the input. A last line without a line end counts; a
  // final line end adds no empty line. Throws lstmkit::Error for a read error or ill-formed UTF-8.
  std::vector<std::string> next(size_t max_lines);

  // U+FFFD substitutions so far (InvalidUtf8::replace only).
  size_t replaced() const { return replaced_; }

 private:
  bool input_waiting() const;
  void read_more();
  std::vector<std::string> take(size_t bytes);

  int fd_;
  bool owned_;
  std::string source_;
  InvalidUtf8 on_invalid_;
  std::string buffer_;  // bytes read but not yet returned
  size_t offset_ = 0;   // input offset of buffer_[0]
  bool eof_ = false;
  size_t replaced_ = 0;
};

}  // namespace lstmkit::text
