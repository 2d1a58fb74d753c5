#pragma once
// RFC 4180 record splitting, nothing more: fields separated by commas, records by CRLF, LF or a lone CR;
// a field in double quotes may hold commas, line breaks and doubled quotes (""); the last record may
// lack a line break; a UTF-8 byte-order mark at the start is skipped; line breaks at the very end of
// the text are not records. Turning fields into numbers is csv_reader's job.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lstmkit::data {

struct CsvRecord {
  size_t line = 0;                  // 1-based line on which the record starts
  std::vector<std::string> fields;  // unquoted contents, as written (no trimming)
};

class CsvRecords {
 public:
  // `text` must outlive this object; `source` names it in errors (`source:line`).
  CsvRecords(std::string_view text, std::string source);

  // Fills `record` with the next record; false when the text is exhausted. Throws lstmkit::Error at
  // `source:line` for a quote that is never closed or text after a closing quote.
  bool next(CsvRecord& record);

 private:
  void read_quoted(std::string& field);

  std::string_view text_;
  std::string source_;
  size_t pos_ = 0;
  size_t line_ = 1;
  // Only line breaks follow text_[content_end_ - 1]; found once, as searching from each record would
  // make a file of blank lines quadratic. npos + 1 == 0: no content at all.
  size_t content_end_;
};

}  // namespace lstmkit::data
