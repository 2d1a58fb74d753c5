// Fuzzes the text front end: text::decode_utf8 (both policies, with and without an input offset), then
// NFC normalisation and both segmenters (graphemes and words) on what it returns.
// The first byte of the input chooses the options; the rest is the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "lstmkit/error.h"
#include "lstmkit/text/normalizer.h"
#include "lstmkit/text/segmenter.h"
#include "lstmkit/text/utf8_reader.h"

namespace {

using lstmkit::text::Segmenter;

// Tokens are non-empty slices that concatenate to the text.
void check_segments(Segmenter& segmenter, const std::string& text) {
  const std::vector<std::string> tokens = segmenter.segment(text);
  std::string joined;
  for (const std::string& t : tokens) {
    FUZZ_CHECK(!t.empty());
    joined += t;
  }
  FUZZ_CHECK(joined == text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Segmenter graphemes(lstmkit::text::Unit::grapheme);
  static Segmenter words(lstmkit::text::Unit::word);

  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const uint8_t flags = lstmkit::fuzz::take_flags(bytes);
  const auto policy = (flags & 1) ? lstmkit::text::InvalidUtf8::replace : lstmkit::text::InvalidUtf8::error;
  const size_t offset = (flags & 2) ? 1000 : 0;  // a later piece of a longer input: no BOM handling

  lstmkit::text::Utf8Text clean;
  try {
    clean = lstmkit::text::decode_utf8(bytes, "fuzz", policy, offset);
  } catch (const lstmkit::Error&) {
    FUZZ_CHECK(policy == lstmkit::text::InvalidUtf8::error);
    FUZZ_CHECK(lstmkit::text::find_invalid_utf8(bytes) != std::string_view::npos);
    return 0;
  }
  FUZZ_CHECK(lstmkit::text::find_invalid_utf8(clean.text) == std::string::npos);
  FUZZ_CHECK(clean.text.find('\r') == std::string::npos);
  if (policy == lstmkit::text::InvalidUtf8::error) FUZZ_CHECK(clean.replaced == 0);
  // Clean text is a fixed point.
  FUZZ_CHECK(lstmkit::text::decode_utf8(clean.text, "clean", lstmkit::text::InvalidUtf8::error, 1).text ==
             clean.text);

  const std::string nfc = lstmkit::text::normalize(clean.text, lstmkit::text::Normalization::nfc);
  FUZZ_CHECK(lstmkit::text::find_invalid_utf8(nfc) == std::string::npos);
  FUZZ_CHECK(lstmkit::text::normalize(nfc, lstmkit::text::Normalization::nfc) == nfc);
  FUZZ_CHECK(lstmkit::text::normalize(clean.text, lstmkit::text::Normalization::none) == clean.text);

  check_segments(graphemes, clean.text);
  check_segments(words, clean.text);
  if (flags & 4) {
    check_segments(graphemes, nfc);
    check_segments(words, nfc);
  }
  return 0;
}
