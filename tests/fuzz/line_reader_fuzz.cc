// Fuzzes text::LineReader (translate's line-by-line input) against decode_utf8 of the whole input: the
// lines it returns, chunk after chunk, must be exactly the decoded text's lines, and it must fail at
// the same byte when the input is not UTF-8. The first byte chooses the policy and the chunk size.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "lstmkit/error.h"
#include "lstmkit/text/line_reader.h"
#include "lstmkit/text/utf8_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lstmkit;
  static fuzz::MemFile file;

  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const uint8_t flags = fuzz::take_flags(bytes);
  const auto policy = (flags & 1) ? text::InvalidUtf8::replace : text::InvalidUtf8::error;
  const size_t max_lines = 1 + ((flags >> 1) & 7);
  const std::string& path = file.write(bytes);

  // What the reader should return: the decoded text split at LF, a final LF adding no empty line.
  std::vector<std::string> expected;
  std::string expected_error;
  size_t expected_replaced = 0;
  try {
    const text::Utf8Text clean = text::decode_utf8(bytes, path, policy);
    expected_replaced = clean.replaced;
    for (size_t begin = 0; begin < clean.text.size();) {
      size_t nl = clean.text.find('\n', begin);
      if (nl == std::string::npos) nl = clean.text.size();
      expected.emplace_back(clean.text, begin, nl - begin);
      begin = nl + 1;
    }
  } catch (const Error& e) {
    expected_error = e.where();
  }

  std::vector<std::string> lines;
  try {
    text::LineReader reader(path, policy);
    for (;;) {
      const std::vector<std::string> chunk = reader.next(max_lines);
      if (chunk.empty()) break;
      // No bound on chunk.size(): lines ended by a lone CR are only found after decoding, so a chunk of
      // max_lines LF-ended lines may hold any number of CR-ended ones.
      lines.insert(lines.end(), chunk.begin(), chunk.end());
      FUZZ_CHECK(lines.size() <= expected.size() || !expected_error.empty());
    }
    FUZZ_CHECK(reader.replaced() == expected_replaced);
  } catch (const Error& e) {
    FUZZ_CHECK(e.where() == expected_error);
    return 0;
  }
  FUZZ_CHECK(expected_error.empty());
  FUZZ_CHECK(lines == expected);
  return 0;
}
