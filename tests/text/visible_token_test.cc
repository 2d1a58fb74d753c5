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

TEST(Printable, Table) {
  using namespace std::string_literals;
  const std::vector<std::pair<std::string, std::string>> cases = {
      // printable text, spaces included, as it is
      {"1.5 kg", "1.5 kg"},
      {"caf\xC3\xA9 \xE3\x81\x8C", "caf\xC3\xA9 \xE3\x81\x8C"},
      {"\xC2\xA0", "\xC2\xA0"},  // no-break space: harmless on a line
      // controls: C0, DEL, C1 (U+009B is a terminal's CSI), line breaks
      {"a\0b"s, "a\\u{0}b"},
      {"\x1B[31mred", "\\u{1B}[31mred"},
      {"\x7F", "\\u{7F}"},
      {"\xC2\x9B" "2J", "\\u{9B}2J"},
      {"a\nb\r\t", "a\\nb\\r\\t"},
      {"\xE2\x80\xA8", "\\u{2028}"},
      // bidirectional controls could reorder the rest of the line
      {"\xE2\x80\xAE" "abc", "\\u{202E}abc"},
      // bytes that are not UTF-8, each as \xNN
      {"\xFF\xFE", "\\xFF\\xFE"},
      {"r\xE9sum\xE9", "r\\xE9sum\\xE9"},
      {"\xE3\x81", "\\xE3\\x81"},        // truncated at the end
      {"\xED\xA0\x80", "\\xED\\xA0\\x80"},  // an encoded surrogate
      {"", ""},
  };
  for (const auto& [bytes, shown] : cases) {
    SCOPED_TRACE(bytes);
    EXPECT_EQ(printable(bytes), shown);
  }
}

TEST(Printable, CutsLongTextWithoutSplittingACharacter) {
  EXPECT_EQ(printable(std::string(80, 'a')), std::string(80, 'a'));
  EXPECT_EQ(printable(std::string(81, 'a')), std::string(80, 'a') + "\xE2\x80\xA6");
  EXPECT_EQ(printable("ab\xE3\x81\x8C" "cd", 3), "ab\xE3\x81\x8C\xE2\x80\xA6");
  EXPECT_EQ(printable(std::string(1 << 20, 'x')).size(), 83u);
}

}  // namespace
}  // namespace lstmkit::text
