#pragma once
// RFC 4648 base64 (standard alphabet, '=' padding), for binary blobs that travel inside JSON, such as
// a SentencePiece model inside a vocabulary.
#include <optional>
#include <string>
#include <string_view>

namespace lstmkit::text {

std::string base64_encode(std::string_view bytes);
// Nothing for text that is not canonical base64 (a foreign character, a bad length or padding, or
// non-zero bits in the padding), so that one blob has exactly one spelling.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace lstmkit::text
