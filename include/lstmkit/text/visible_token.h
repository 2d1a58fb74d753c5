#pragma once
// Text made visible. Tokens as a listing shows them, so that whitespace and invisible characters can be told apart:
// a space is "␠", a line feed "\n", a tab "\t", other controls and separators "\u{85}", "\u{A0}"…;
// a token made only of format characters (a lone U+200B or U+FEFF) is escaped as well. Format
// characters inside a visible token (the ZWJ of "👨‍👩‍👧", emoji tags) stay, or the emoji would break.
#include <cstddef>
#include <string>
#include <string_view>

namespace lstmkit::text {

// `token` must be well-formed UTF-8 (lstmkit::Error at "token:byte N" otherwise).
std::string visible_token(std::string_view token);

// Bytes from a user's file as an error message may quote them: any bytes, UTF-8 or not. Printable text
// stays as it is (spaces too); control characters, line and paragraph separators and bidirectional
// controls become "\n", "\t", "\u{1B}"…, and bytes that are not UTF-8 "\xFF", so that a binary file
// can neither send terminal escapes nor break the one-line error. After `max_bytes` of input the rest
// is cut off and shown as "…".
std::string printable(std::string_view bytes, size_t max_bytes = 80);

}  // namespace lstmkit::text
