#include "lstmkit/text/normalizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lstmkit/error.h"

namespace lstmkit::text {
namespace {

struct NfcCase {
  const char* name;
  std::string input;
  std::string nfc;
};

TEST(Normalizer, NfcTable) {
  const std::vector<NfcCase> cases = {
      // decomposed input composes
      {"decomposed が (U+304B U+3099)", "\xE3\x81\x8B\xE3\x82\x99", "\xE3\x81\x8C"},
      {"e + combining acute", "e\xCC\x81", "\xC3\xA9"},
      {"Hangul jamo U+1100 U+1161 U+11A8 → 각 U+AC01", "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8", "\xEA\xB0\x81"},
      {"combining marks reordered: a U+0302 U+0323 → ậ U+1EAD", "a\xCC\x82\xCC\xA3", "\xE1\xBA\xAD"},
      {"singleton: Angstrom sign U+212B → Å U+00C5", "\xE2\x84\xAB", "\xC3\x85"},
      // already NFC: unchanged
      {"English", "The quick brown fox.\n", "The quick brown fox.\n"},
      {"Japanese 時系列データ", "\xE6\x99\x82\xE7\xB3\xBB\xE5\x88\x97\xE3\x83\x87\xE3\x83\xBC\xE3\x82\xBF",
       "\xE6\x99\x82\xE7\xB3\xBB\xE5\x88\x97\xE3\x83\x87\xE3\x83\xBC\xE3\x82\xBF"},
      {"emoji ZWJ family", "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",
       "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"},
      {"empty", "", ""},
      // compatibility forms are not folded (that would be NFKC)
      {"halfwidth katakana ｶ", "\xEF\xBD\xB6", "\xEF\xBD\xB6"},
      {"ligature ﬁ", "\xEF\xAC\x81", "\xEF\xAC\x81"},
      {"circled digit ①", "\xE2\x91\xA0", "\xE2\x91\xA0"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(normalize(c.input, Normalization::nfc), c.nfc);
    EXPECT_EQ(normalize(c.input, Normalization::none), c.input);  // none keeps the bytes
    EXPECT_EQ(normalize(c.nfc, Normalization::nfc), c.nfc);       // NFC is idempotent
  }
}

TEST(Normalizer, InvalidUtf8IsAnError) {
  for (const auto form : {Normalization::nfc, Normalization::none}) {
    try {
      normalize("ab\xC0\x80", form);
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), "text:byte 2");
    }
  }
}

TEST(Normalizer, Names) {
  EXPECT_EQ(parse_normalization("nfc"), Normalization::nfc);
  EXPECT_EQ(parse_normalization("none"), Normalization::none);
  EXPECT_EQ(normalization_name(Normalization::nfc), "nfc");
  EXPECT_EQ(normalization_name(Normalization::none), "none");
  try {
    parse_normalization("nfkc");
    ADD_FAILURE() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`normalize`");
    EXPECT_EQ(e.hint(), "use nfc or none");
  }
}

}  // namespace
}  // namespace lstmkit::text
