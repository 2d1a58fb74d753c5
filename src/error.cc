#include "lstmkit/error.h"

namespace lstmkit {

namespace {
std::string format(const std::string& where, const std::string& what, const std::string& hint) {
  std::string line = where.empty() ? what : where + ": " + what;
  if (!hint.empty()) line += "; " + hint;
  return line;
}
}  // namespace

Error::Error(std::string where, std::string what, std::string hint)
    : std::runtime_error(format(where, what, hint)),
      where_(std::move(where)), what_(std::move(what)), hint_(std::move(hint)) {}

namespace {
bool field_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }
}  // namespace

std::string setting(std::string_view field) {
  std::string quoted(1, '`');
  quoted.append(field).push_back('`');
  return quoted;
}

std::string name_settings(const std::string& text, const std::function<std::string(std::string_view)>& spell) {
  std::string out;
  size_t from = 0;
  for (size_t open = text.find('`'); open != std::string::npos; open = text.find('`', from)) {
    size_t close = open + 1;
    while (close < text.size() && field_char(text[close])) ++close;
    // Only a lower-case identifier between backticks is a setting: `lstmkit sample ...` is a command.
    const bool setting = close < text.size() && text[close] == '`' && close > open + 1 && text[open + 1] >= 'a' &&
                         text[open + 1] <= 'z';
    if (!setting) {
      out.append(text, from, open + 1 - from);
      from = open + 1;
      continue;
    }
    out.append(text, from, open - from);
    out += spell(std::string_view(text).substr(open + 1, close - open - 1));
    from = close + 1;
  }
  out.append(text, from, std::string::npos);
  return out;
}

}  // namespace lstmkit
