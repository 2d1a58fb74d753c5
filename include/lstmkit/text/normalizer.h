#pragma once
// Unicode normalisation before segmentation, so that a decomposed "が" (U+304B U+3099) and the
// precomposed one (U+304C) are the same token. NFC is canonical-only: it never folds compatibility
// forms (ｶ, ①, ﬁ stay as they are), so the text keeps its meaning and can be shown back as written.
#include <string>
#include <string_view>

namespace lstmkit::text {

enum class Normalization {
  nfc,   // Unicode Normalization Form C with ICU's Normalizer2 (the default)
  none,  // the text as it is, byte for byte
};

// Parses "nfc" | "none"; throws lstmkit::UsageError naming `option` otherwise.
Normalization parse_normalization(const std::string& name, const std::string& option = "`normalize`");
std::string normalization_name(Normalization form);

// `text` must be well-formed UTF-8 (as decode_utf8 returns it); otherwise lstmkit::Error at
// "text:byte N". Text that is already normalised is returned unchanged without rebuilding it.
std::string normalize(std::string_view text, Normalization form);

}  // namespace lstmkit::text
