#include "lstmkit/text/normalizer.h"

#include <cstdint>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/utypes.h>

#include "lstmkit/error.h"
#include "lstmkit/text/utf8_reader.h"

namespace lstmkit::text {

namespace {

// ICU's NFC instance is a process-wide singleton owned by ICU; only its first lookup can fail
// (missing ICU data).
const icu::Normalizer2& nfc_instance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || nfc == nullptr)
    throw Error("ICU", std::string("cannot load the NFC normalizer: ") + u_errorName(status),
                "check that the ICU data library (libicudata) is installed");
  return *nfc;
}

}  // namespace

Normalization parse_normalization(const std::string& name, const std::string& option) {
  if (name == "nfc") return Normalization::nfc;
  if (name == "none") return Normalization::none;
  throw UsageError(option, "unknown normalization '" + name + "'", "use nfc or none");
}

std::string normalization_name(Normalization form) { return form == Normalization::none ? "none" : "nfc"; }

std::string normalize(std::string_view text, Normalization form) {
  require_valid_utf8(text, "text");
  if (form == Normalization::none) return std::string(text);

  if (text.size() > static_cast<size_t>(INT32_MAX))
    throw Error("text", "too large for ICU (" + std::to_string(text.size()) + " bytes, limit 2 GiB)",
                "split the text into smaller files");
  const icu::Normalizer2& nfc = nfc_instance();
  const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
  UErrorCode status = U_ZERO_ERROR;
  // The quick check works on UTF-8 directly and settles most real text (already NFC) in one pass.
  if (nfc.isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(text);

  std::string out;
  out.reserve(text.size());
  icu::StringByteSink<std::string> sink(&out);
  status = U_ZERO_ERROR;
  nfc.normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status))
    throw Error("text", std::string("NFC normalisation failed: ") + u_errorName(status),
                "use `normalize` none to keep the text as it is");
  return out;
}

}  // namespace lstmkit::text
