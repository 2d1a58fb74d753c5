#include "option_names.h"

#include <map>

#include "lstmkit/error.h"

namespace lstmkit::cli {

namespace {
// One command runs per process: its few renamed settings.
std::map<std::string, std::string, std::less<>>& renamed() {
  static std::map<std::string, std::string, std::less<>> fields;
  return fields;
}
}  // namespace

void name_setting(const std::string& field, const std::string& option) { renamed()[field] = option; }

std::string with_option_names(const std::string& text) {
  return name_settings(text, [](std::string_view field) {
    if (const auto it = renamed().find(field); it != renamed().end()) return it->second;
    std::string option = "--" + std::string(field);
    for (char& c : option)
      if (c == '_') c = '-';
    return option;
  });
}

}  // namespace lstmkit::cli
