#include "lstmkit/text/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lstmkit/error.h"

namespace lstmkit::text {
namespace {

using Tokens = std::vector<std::string>;

const std::string kGaDecomposed = "\xE3\x81\x8B\xE3\x82\x99";  // か + U+3099
const std::string kGa = "\xE3\x81\x8C";                         // が U+304C
const std::string kJamoGak = "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8";
const std::string kGak = "\xEA\xB0\x81";                        // 각 U+AC01

TEST(Tokenizer, NfcDecidesTheBytesNotTheCount) {
  // decomposed input: NFC makes one code point, none keeps the bytes; a grapheme either way
  Tokenizer nfc(Unit::grapheme, Normalization::nfc);
  Tokenizer none(Unit::grapheme, Normalization::none);
  EXPECT_EQ(nfc.tokenize(kGaDecomposed + "!"), (Tokens{kGa, "!"}));
  EXPECT_EQ(none.tokenize(kGaDecomposed + "!"), (Tokens{kGaDecomposed, "!"}));
  EXPECT_EQ(nfc.tokenize(kJamoGak), (Tokens{kGak}));
  EXPECT_EQ(none.tokenize(kJamoGak), (Tokens{kJamoGak}));
  EXPECT_EQ(nfc.tokenize("e\xCC\x81t\xC3\xA9"), (Tokens{"\xC3\xA9", "t", "\xC3\xA9"}));
  EXPECT_EQ(nfc.unit(), Unit::grapheme);
  EXPECT_EQ(none.normalization(), Normalization::none);
}

TEST(Tokenizer, RoundTripThroughAVocabulary) {
  const std::vector<std::pair<const char*, std::string>> texts = {
      // English
      {"English", "It is a truth universally acknowledged.\nYes!"},
      // Japanese and Korean
      {"Japanese", "時系列データを読む。\n"},
      {"Korean precomposed", "한국어 텍스트"},
      {"Korean jamo (NFC composes it)", kJamoGak + " " + kJamoGak},
      // emoji and combining marks
      {"emoji", "👨‍👩‍👧 👍🏽👍🏿 🇯🇵"},
      {"decomposed が", kGaDecomposed + kGaDecomposed},
      {"combining marks", "e\xCC\x81\xCC\x82 a\xCC\x82\xCC\xA3"},
  };
  for (const Unit unit : {Unit::grapheme, Unit::word}) {
    for (const Normalization form : {Normalization::nfc, Normalization::none}) {
      for (const auto& [name, text] : texts) {
        SCOPED_TRACE(testing::Message() << name << ", unit " << unit_name(unit) << ", normalize "
                                        << normalization_name(form));
        Tokenizer tokenizer(unit, form);
        const Vocab vocab = Vocab::build(TokenCounts(tokenizer.tokenize(text)), unit, form);
        const std::vector<int> ids = encode_text(vocab, text);
        for (const int id : ids) EXPECT_GE(id, kSpecialCount);  // every token is in the vocabulary
        EXPECT_EQ(vocab.decode(ids), normalize(text, form));
      }
    }
  }
}

TEST(Tokenizer, TokenCounts) {
  struct Case {
    const char* name;
    Unit unit;
    std::string text;
    size_t tokens;
  };
  const std::vector<Case> cases = {
      {"English chars", Unit::grapheme, "to be, or not", 13},
      {"English words", Unit::word, "to be, or not", 8},  // to ␠ be , ␠ or ␠ not
      {"時系列データ chars", Unit::grapheme, "時系列データ", 6},
      {"Korean syllables", Unit::grapheme, "한국어", 3},
      {"emoji ZWJ and skin tones", Unit::grapheme, "👨‍👩‍👧👍🏽👍🏿", 3},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Tokenizer tokenizer(c.unit, Normalization::nfc);
    EXPECT_EQ(tokenizer.tokenize(c.text).size(), c.tokens);
  }
}

TEST(Tokenizer, UnknownTokensEncodeAsUnk) {
  const Vocab vocab = Vocab::build(TokenCounts(Tokens{"a", "b"}), Unit::grapheme, Normalization::nfc);
  EXPECT_EQ(encode_text(vocab, "abc"), (std::vector<int>{4, 5, kUnkId}));
  EXPECT_EQ(encode_text(vocab, ""), std::vector<int>{});
  EXPECT_THROW(encode_text(vocab, "a\x80"), Error);
}

}  // namespace
}  // namespace lstmkit::text
