#include "lstmkit/text/visible_token.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <vector>

#include "lstmkit/text/utf8_reader.h"

namespace lstmkit::text {

namespace {

bool is_invisible(UChar32 c) {
  switch (u_charType(c)) {
    case U_CONTROL_CHAR:
    case U_SPACE_SEPARATOR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
      return true;
    default:
      return false;
  }
}

std::string escape(UChar32 c) {
  switch (c) {
    case ' ': return "\xE2\x90\xA0";  // U+2420 SYMBOL FOR SPACE
    case '\n': return "\\n";
    case '\t': return "\\t";
    case '\r': return "\\r";
    default: {
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "\\u{%X}", static_cast<unsigned>(c));
      return buffer;
    }
  }
}

}  // namespace

std::string visible_token(std::string_view token) {
  require_valid_utf8(token, "token");
  struct CodePoint {
    UChar32 c;
    size_t start, length;  // bytes in `token`
  };
  std::vector<CodePoint> points;
  bool all_format = true;
  for (int32_t i = 0; i < static_cast<int32_t>(token.size());) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(token.data(), i, static_cast<int32_t>(token.size()), c);
    points.push_back({c, static_cast<size_t>(start), static_cast<size_t>(i - start)});
    all_format = all_format && u_charType(c) == U_FORMAT_CHAR;
  }
  std::string out;
  for (const auto& p : points) {
    if (all_format || is_invisible(p.c)) out += escape(p.c);
    else out.append(token.substr(p.start, p.length));
  }
  return out;
}

}  // namespace lstmkit::text
