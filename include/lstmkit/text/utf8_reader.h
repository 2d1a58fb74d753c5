#pragma once
// Reading UTF-8 text. Every byte sequence is checked against the Unicode definition of UTF-8 (no
// overlong forms, no encoded surrogates, nothing above U+10FFFF), because the layers above — ICU
// normalisation and segmentation, the vocabulary — need well-formed text to round-trip exactly.
// The output is clean: a leading byte order mark is dropped and CRLF / CR line ends become LF.
#include <cstddef>
#include <string>
#include <string_view>

namespace lstmkit::text {

// What to do with an ill-formed byte sequence.
enum class InvalidUtf8 {
  error,    // throw lstmkit::Error at "SOURCE:byte N"
  replace,  // substitute U+FFFD and count it
};

// Parses "error" | "replace"; throws lstmkit::UsageError naming `option` otherwise.
InvalidUtf8 parse_invalid_utf8(const std::string& name, const std::string& option = "`on_invalid`");
std::string invalid_utf8_name(InvalidUtf8 policy);

struct Utf8Text {
  std::string text;     // well-formed UTF-8, no BOM, LF line ends only
  size_t replaced = 0;  // ill-formed sequences replaced by U+FFFD (InvalidUtf8::replace only)
};

// Checks and cleans `bytes`. `source` names the input in errors, which are lstmkit::Error with
// where = "SOURCE:byte N": N is the 0-based offset in `bytes` (BOM included) of the first byte of the
// ill-formed sequence, as `od -A d` or `xxd` show it. Under InvalidUtf8::replace each maximal ill-formed
// subpart becomes one U+FFFD (Unicode's recommended practice, as ICU and WHATWG do): a truncated
// sequence is one replacement, while E0 80 80 (overlong) is three, one per byte.
// `offset`: where `bytes` starts in a longer input read piece by piece (text::LineReader): error offsets
// count from the input's start, and only the input's start may hold a byte order mark.
Utf8Text decode_utf8(std::string_view bytes, const std::string& source,
                     InvalidUtf8 on_invalid = InvalidUtf8::error, size_t offset = 0);

// Reads the whole file at `path` and decodes it as above. An empty file gives empty text; a missing or
// unreadable path, or one that is not a regular file (a directory, a FIFO, a device), is an
// lstmkit::Error at `path` (io::open_input_file).
Utf8Text read_utf8_file(const std::string& path, InvalidUtf8 on_invalid = InvalidUtf8::error);

// Byte offset of the first ill-formed sequence in `text`, or std::string_view::npos if it is all
// well-formed UTF-8.
size_t find_invalid_utf8(std::string_view text);

// Throws lstmkit::Error at "SOURCE:byte N" unless `text` is well-formed UTF-8: the guard of functions
// that take text which should already have been through decode_utf8.
void require_valid_utf8(std::string_view text, const std::string& source);

}  // namespace lstmkit::text
