#include "lstmkit/text/visible_token.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
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

// Characters that would change how an error line is displayed rather than be read in it.
bool disturbs_a_line(UChar32 c) {
  const int8_t type = u_charType(c);
  return type == U_CONTROL_CHAR || type == U_LINE_SEPARATOR || type == U_PARAGRAPH_SEPARATOR ||
         u_hasBinaryProperty(c, UCHAR_BIDI_CONTROL);
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

std::string printable(std::string_view bytes, size_t max_bytes) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  const size_t limit = std::min(max_bytes, size_t{INT32_MAX} - 4);
  // + 4: a character starting before the limit is read whole.
  const auto n = static_cast<int32_t>(std::min(bytes.size(), limit + 4));
  int32_t i = 0;
  while (i < n && static_cast<size_t>(i) < limit) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes.data(), i, n, c);
    if (c < 0) {  // an ill-formed sequence: each of its bytes as \xNN
      for (int32_t b = start; b < i; ++b) {
        const auto byte = static_cast<unsigned char>(bytes[static_cast<size_t>(b)]);
        out += {'\\', 'x', digits[byte >> 4], digits[byte & 0xF]};
      }
    } else if (disturbs_a_line(c)) {
      out += escape(c);
    } else {
      out.append(bytes.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    }
  }
  if (static_cast<size_t>(i) < bytes.size()) out += "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
  return out;
}

}  // namespace lstmkit::text
