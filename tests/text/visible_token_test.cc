#include "lstmkit/text/visible_token.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lstmkit/error.h"

namespace lstmkit::text {
namespace {

TEST(VisibleToken, Table) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      // whitespace and controls
      {" ", "\xE2\x90\xA0"},
      {"  ", "\xE2\x90\xA0\xE2\x90\xA0"},
      {"\n", "\\n"},
      {"\t", "\\t"},
      {"\r", "\\r"},
      {std::string(1, '\0'), "\\u{0}"},
      {"\x1B", "\\u{1B}"},
      {"\xC2\xA0", "\\u{A0}"},          // no-break space
      {"\xE2\x80\xA8", "\\u{2028}"},    // line separator
      // format characters: escaped alone, kept inside a visible token
      {"\xE2\x80\x8B", "\\u{200B}"},    // zero-width space
      {"\xEF\xBB\xBF", "\\u{FEFF}"},
      {"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9", "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9"},
      // everything else as it is
      {"a", "a"},
      {"don't", "don't"},
      {"\\", "\\"},
      {"\xE3\x81\x8C", "\xE3\x81\x8C"},
      {"e\xCC\x81", "e\xCC\x81"},
  };
  for (const auto& [token, shown] : cases) {
    SCOPED_TRACE(token);
    EXPECT_EQ(visible_token(token), shown);
  }
  EXPECT_THROW(visible_token("\xC3"), Error);
}

}  // namespace
}  // namespace lstmkit::text
