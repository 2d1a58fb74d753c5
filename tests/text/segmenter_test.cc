#include "lstmkit/text/segmenter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "lstmkit/error.h"

namespace lstmkit::text {
namespace {

using Tokens = std::vector<std::string>;

std::string join(const Tokens& tokens) {
  std::string text;
  for (const auto& t : tokens) text += t;
  return text;
}

struct SegmentCase {
  const char* name;
  std::string text;
  Tokens tokens;
};

void check_table(Unit unit, const std::vector<SegmentCase>& cases) {
  Segmenter segmenter(unit);  // one segmenter for the whole table: reuse must not leak state
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const Tokens tokens = segmenter.segment(c.text);
    EXPECT_EQ(tokens, c.tokens);
    EXPECT_EQ(join(tokens), c.text);  // concatenation restores the text byte for byte
  }
}

// UTF-8 spellings used below.
const std::string kGaDecomposed = "\xE3\x81\x8B\xE3\x82\x99";                  // か + U+3099 = が
const std::string kThumbsMedium = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";         // 👍 + U+1F3FD = 👍🏽
const std::string kFamily =                                                     // 👨‍👩‍👧 (ZWJ sequence)
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
const std::string kJamoGak = "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8";           // ᄀ ᅡ ᆨ = 각
const std::string kJamoGa = "\xE1\x84\x80\xE1\x85\xA1";                         // ᄀ ᅡ = 가

TEST(Segmenter, GraphemeClusters) {
  check_table(Unit::grapheme, {
      // English
      {"ASCII", "Hi, you!\n", {"H", "i", ",", " ", "y", "o", "u", "!", "\n"}},
      {"empty", "", {}},
      {"whitespace only", " \n\t ", {" ", "\n", "\t", " "}},
      // Japanese and Korean
      {"時系列データ", "時系列データ", {"時", "系", "列", "デ", "ー", "タ"}},
      {"decomposed が", kGaDecomposed + "!", {kGaDecomposed, "!"}},
      {"precomposed Hangul 한국어", "한국어", {"한", "국", "어"}},
      {"jamo L V T is one syllable", kJamoGak, {kJamoGak}},
      {"jamo L V T then L V", kJamoGak + kJamoGa, {kJamoGak, kJamoGa}},
      // emoji sequences
      {"skin tone modifier", kThumbsMedium + "ok", {kThumbsMedium, "o", "k"}},
      {"ZWJ family", kFamily + kFamily, {kFamily, kFamily}},
      {"two regional-indicator flags 🇯🇵🇰🇷", "🇯🇵🇰🇷", {"🇯🇵", "🇰🇷"}},
      {"keycap 1️⃣", "1\xEF\xB8\x8F\xE2\x83\xA3", {"1\xEF\xB8\x8F\xE2\x83\xA3"}},
      // combining marks stay with their base
      {"e + acute + circumflex, x", "e\xCC\x81\xCC\x82x", {"e\xCC\x81\xCC\x82", "x"}},
      {"a combining mark at the start stands alone", "\xCC\x81" "a", {"\xCC\x81", "a"}},
  });
}

TEST(Segmenter, WordBreaks) {
  check_table(Unit::word, {
      // English: spaces and punctuation are tokens of their own
      {"sentence", "Hello, world!\n", {"Hello", ",", " ", "world", "!", "\n"}},
      {"apostrophe and decimal", "don't pay 3.50", {"don't", " ", "pay", " ", "3.50"}},
      {"spaces stay together", "a  b", {"a", "  ", "b"}},
      {"lines", "one\n\ntwo", {"one", "\n", "\n", "two"}},
      {"empty", "", {}},
      // Korean words are separated by spaces
      {"안녕 세계", "안녕 세계", {"안녕", " ", "세계"}},
      // emoji
      {"emoji then word", kThumbsMedium + " ok", {kThumbsMedium, " ", "ok"}},
      {"ZWJ family is one token", kFamily + "!", {kFamily, "!"}},
  });
}

TEST(Segmenter, JapaneseWordsUseIcuDictionary) {
  // Japanese has no spaces: ICU's dictionary decides the cut, so only check that katakana "データ"
  // stays whole (UAX #29 keeps katakana runs together) and that the text round-trips.
  Segmenter segmenter(Unit::word);
  const std::string text = "時系列データを読む。";
  const Tokens tokens = segmenter.segment(text);
  EXPECT_EQ(join(tokens), text);
  EXPECT_NE(std::find(tokens.begin(), tokens.end(), "データ"), tokens.end());
  EXPECT_EQ(tokens.back(), "。");
}

TEST(Segmenter, InvalidUtf8IsAnError) {
  Segmenter segmenter(Unit::grapheme);
  try {
    segmenter.segment("ok\xED\xA0\x80");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "text:byte 2");
  }
}

TEST(Segmenter, UnitNames) {
  EXPECT_EQ(parse_unit("char"), Unit::grapheme);
  EXPECT_EQ(parse_unit("word"), Unit::word);
  EXPECT_EQ(unit_name(Unit::grapheme), "char");
  EXPECT_EQ(unit_name(Unit::word), "word");
  try {
    parse_unit("byte");
    ADD_FAILURE() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`unit`");
    EXPECT_NE(e.what_is_wrong().find("'byte'"), std::string::npos);
  }
  Segmenter moved = Segmenter(Unit::word);
  EXPECT_EQ(moved.unit(), Unit::word);
  EXPECT_EQ(moved.segment("a b"), (Tokens{"a", " ", "b"}));
}

}  // namespace
}  // namespace lstmkit::text
