#pragma once
// Tokens as a listing shows them, so that whitespace and invisible characters can be told apart:
// a space is "␠", a line feed "\n", a tab "\t", other controls and separators "\u{85}", "\u{A0}"…;
// a token made only of format characters (a lone U+200B or U+FEFF) is escaped as well. Format
// characters inside a visible token (the ZWJ of "👨‍👩‍👧", emoji tags) stay, or the emoji would break.
#include <string>
#include <string_view>

namespace lstmkit::text {

// `token` must be well-formed UTF-8 (lstmkit::Error at "token:byte N" otherwise).
std::string visible_token(std::string_view token);

}  // namespace lstmkit::text
