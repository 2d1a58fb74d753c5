#include "job_errors.h"

namespace lstmkit::cli {

namespace {

bool field_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// Every whole-word occurrence of each field in `text`, renamed to its option; only fields spelled
// with an underscore, which no English word of a message is.
std::string rename_fields(std::string text, const FieldOptions& fields) {
  for (const auto& [field, option] : fields) {
    if (field.find('_') == std::string::npos) continue;
    for (size_t at = text.find(field); at != std::string::npos; at = text.find(field, at)) {
      const size_t end = at + field.size();
      const bool whole = (at == 0 || !field_char(text[at - 1])) && (end == text.size() || !field_char(text[end]));
      if (!whole || (at > 0 && text[at - 1] == '-')) {
        at = end;
        continue;
      }
      text.replace(at, field.size(), option);
      at += option.size();
    }
  }
  return text;
}

}  // namespace

void NamingReporter::note(const std::string& line) { inner_.note(rename_fields(line, fields_)); }

void rethrow_at_option(const Error& e, const FieldOptions& fields) {
  for (const auto& [field, option] : fields) {
    if (e.where() != field) continue;
    const std::string what = rename_fields(e.what_is_wrong(), fields), hint = rename_fields(e.hint(), fields);
    if (dynamic_cast<const UsageError*>(&e)) throw UsageError(option, what, hint);
    throw Error(option, what, hint);
  }
  throw;
}

}  // namespace lstmkit::cli
