#include "lstmkit/data/csv_records.h"

#include "lstmkit/error.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::data {

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";
bool is_break(char c) { return c == '\n' || c == '\r'; }
}  // namespace

CsvRecords::CsvRecords(std::string_view text, std::string source)
    : text_(text), source_(std::move(source)), content_end_(text_.find_last_not_of("\r\n") + 1) {
  if (text_.starts_with(kBom)) pos_ = kBom.size();
}

bool CsvRecords::next(CsvRecord& record) {
  // Line breaks with nothing after them end the file; they are not empty records.
  if (pos_ >= content_end_) {
    pos_ = text_.size();
    return false;
  }
  record.line = line_;
  record.fields.clear();
  while (true) {
    std::string field;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      read_quoted(field);
    } else {
      const size_t end = text_.find_first_of(",\r\n", pos_);
      const size_t stop = end == std::string_view::npos ? text_.size() : end;
      field.assign(text_.substr(pos_, stop - pos_));
      pos_ = stop;
    }
    record.fields.push_back(std::move(field));
    if (pos_ >= text_.size()) return true;  // last record without a line break
    if (text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    // CRLF, LF or a lone CR ends the record.
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    return true;
  }
}

void CsvRecords::read_quoted(std::string& field) {
  const size_t start_line = line_;
  ++pos_;  // opening quote
  while (true) {
    if (pos_ >= text_.size())
      throw Error(source_ + ":" + std::to_string(start_line), "quoted field is never closed",
                  "end the field with '\"' and write a quote inside a field as '\"\"'");
    const char c = text_[pos_];
    if (c == '"') {
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
        field += '"';
        pos_ += 2;
        continue;
      }
      ++pos_;  // closing quote
      break;
    }
    if (is_break(c) && !(c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')) ++line_;
    field += c;
    ++pos_;
  }
  if (pos_ < text_.size() && text_[pos_] != ',' && !is_break(text_[pos_]))
    throw Error(source_ + ":" + std::to_string(line_),
                "unexpected '" + text::printable(text_.substr(pos_, 1)) + "' after a closing quote",
                "quote the whole field, and write a quote inside it as '\"\"'");
}

}  // namespace lstmkit::data
