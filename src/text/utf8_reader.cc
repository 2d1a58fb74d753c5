#include "lstmkit/text/utf8_reader.h"

#include <algorithm>

#include "lstmkit/error.h"
#include "lstmkit/io/input_file.h"

namespace lstmkit::text {

namespace {

enum class Problem { none, stray_continuation, overlong, surrogate, too_large, invalid_byte, truncated };

// One step of the decoder: `length` bytes form a well-formed sequence (problem none) or the maximal
// ill-formed subpart to replace by one U+FFFD.
struct Step {
  size_t length;
  Problem problem;
};

bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// The table of well-formed byte sequences (Unicode 15, table 3-7): the lead byte fixes the length and
// the range of the second byte; later bytes are any continuation byte 80..BF.
Step step_at(const unsigned char* p, size_t available) {
  const unsigned char lead = p[0];
  if (lead < 0x80) return {1, Problem::none};
  if (lead < 0xC0) return {1, Problem::stray_continuation};
  if (lead < 0xC2) return {1, Problem::overlong};  // C0, C1 could only encode ASCII
  if (lead > 0xF4) return {1, Problem::invalid_byte};

  size_t length = 2;
  unsigned char lo = 0x80, hi = 0xBF;
  Problem outside = Problem::truncated;  // what a continuation byte outside [lo, hi] means
  if (lead >= 0xF0) {
    length = 4;
    if (lead == 0xF0) lo = 0x90, outside = Problem::overlong;
    if (lead == 0xF4) hi = 0x8F, outside = Problem::too_large;
  } else if (lead >= 0xE0) {
    length = 3;
    if (lead == 0xE0) lo = 0xA0, outside = Problem::overlong;
    if (lead == 0xED) hi = 0x9F, outside = Problem::surrogate;
  }
  if (available < 2 || !is_continuation(p[1])) return {1, Problem::truncated};
  if (p[1] < lo || p[1] > hi) return {1, outside};
  for (size_t i = 2; i < length; ++i)
    if (i >= available || !is_continuation(p[i])) return {i, Problem::truncated};
  return {length, Problem::none};
}

std::string hex_bytes(const unsigned char* p, size_t n) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ' ';
    out += digits[p[i] >> 4];
    out += digits[p[i] & 0xF];
  }
  return out;
}

// Bytes a lead byte announces (1 for bytes that cannot lead).
size_t announced_length(unsigned char lead) {
  if (lead >= 0xC0 && lead < 0xE0) return 2;
  if (lead >= 0xE0 && lead < 0xF0) return 3;
  if (lead >= 0xF0 && lead < 0xF5) return 4;
  return 1;
}

// `p` is the ill-formed subpart of `length` bytes, with `available` bytes left in the input.
std::string describe(Problem problem, const unsigned char* p, size_t available, size_t length) {
  const std::string announced = hex_bytes(p, std::min(available, announced_length(p[0])));
  switch (problem) {
    case Problem::stray_continuation:
      return "invalid UTF-8: continuation byte " + announced + " without a lead byte";
    case Problem::overlong:
      return "invalid UTF-8: overlong encoding (bytes " + announced + ")";
    case Problem::surrogate:
      return "invalid UTF-8: encoded UTF-16 surrogate (bytes " + announced + ")";
    case Problem::too_large:
      return "invalid UTF-8: code point above U+10FFFF (bytes " + announced + ")";
    case Problem::invalid_byte:
      return "invalid UTF-8: byte " + announced + " never occurs in UTF-8";
    case Problem::truncated: {
      const std::string what = "invalid UTF-8: truncated " + std::to_string(announced_length(p[0])) +
                               "-byte sequence " + hex_bytes(p, length);
      return length == available ? what + " at end of input" : what + " followed by " + hex_bytes(p + length, 1);
    }
    case Problem::none: break;
  }
  return "invalid UTF-8";
}

// `base`: the input offset of begin[0].
Error invalid_error(const std::string& source, const unsigned char* begin, size_t offset, size_t size,
                    size_t base, const Step& step, std::string hint) {
  return Error(source + ":byte " + std::to_string(base + offset),
               describe(step.problem, begin + offset, size - offset, step.length), std::move(hint));
}

}  // namespace

InvalidUtf8 parse_invalid_utf8(const std::string& name, const std::string& option) {
  if (name == "error") return InvalidUtf8::error;
  if (name == "replace") return InvalidUtf8::replace;
  throw UsageError(option, "unknown policy '" + name + "'", "use error or replace");
}

std::string invalid_utf8_name(InvalidUtf8 policy) {
  return policy == InvalidUtf8::replace ? "replace" : "error";
}

Utf8Text decode_utf8(std::string_view bytes, const std::string& source, InvalidUtf8 on_invalid, size_t offset) {
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();

  Utf8Text result;
  result.text.reserve(n);
  size_t i = offset == 0 && bytes.starts_with(kBom) ? kBom.size() : 0;
  size_t run = i;  // start of the pending stretch of bytes copied unchanged
  while (i < n) {
    if (p[i] < 0x80) {
      if (p[i] != '\r') {
        ++i;
        continue;
      }
      result.text.append(bytes.data() + run, i - run);
      result.text += '\n';
      i += (i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
      run = i;
      continue;
    }
    const Step step = step_at(p + i, n - i);
    if (step.problem != Problem::none) {
      if (on_invalid == InvalidUtf8::error)
        throw invalid_error(source, p, i, n, offset, step,
                            "convert the file to UTF-8 (e.g. `iconv -f LATIN1 -t UTF-8`) or use "
                            "`on_invalid` replace to substitute U+FFFD");
      result.text.append(bytes.data() + run, i - run);
      result.text += kReplacement;
      ++result.replaced;
      run = i + step.length;
    }
    i += step.length;
  }
  result.text.append(bytes.data() + run, n - run);
  return result;
}

Utf8Text read_utf8_file(const std::string& path, InvalidUtf8 on_invalid) {
  return decode_utf8(io::read_input_file(path), path, on_invalid);
}

size_t find_invalid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0; i < text.size();) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const Step step = step_at(p + i, text.size() - i);
    if (step.problem != Problem::none) return i;
    i += step.length;
  }
  return std::string_view::npos;
}

void require_valid_utf8(std::string_view text, const std::string& source) {
  const size_t offset = find_invalid_utf8(text);
  if (offset == std::string_view::npos) return;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  throw invalid_error(source, p, offset, text.size(), 0, step_at(p + offset, text.size() - offset),
                      "pass raw bytes through text::decode_utf8 first");
}

}  // namespace lstmkit::text
