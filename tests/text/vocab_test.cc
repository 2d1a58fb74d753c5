#include "lstmkit/text/vocab.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/text/utf8_reader.h"
#include "support/temp_dir.h"

namespace lstmkit::text {
namespace {

using testing::TempDir;
using Tokens = std::vector<std::string>;

// l×3, o×2, h×1, e×1, ␠×1, w×1, r×1, d×1 from "hello world".
Vocab hello_vocab(const VocabLimits& limits = {}) {
  const Tokens corpus = {"h", "e", "l", "l", "o", " ", "w", "o", "r", "l", "d"};
  return Vocab::build(TokenCounts(corpus), Unit::grapheme, Normalization::nfc, limits);
}

TEST(Vocab, SpecialsFirstThenByCountThenBytes) {
  const Vocab vocab = hello_vocab();
  EXPECT_EQ(vocab.tokens(), (Tokens{"<pad>", "<unk>", "<s>", "</s>", "l", "o", " ", "d", "e", "h", "r", "w"}));
  EXPECT_EQ(vocab.size(), 12);
  EXPECT_EQ(vocab.token(kPadId), "<pad>");
  EXPECT_EQ(vocab.token(kUnkId), "<unk>");
  EXPECT_EQ(vocab.token(kBosId), "<s>");
  EXPECT_EQ(vocab.token(kEosId), "</s>");
  EXPECT_EQ(vocab.id("l"), 4);
  EXPECT_EQ(vocab.id("w"), 11);
}

TEST(Vocab, MaxVocabAndMinCount) {
  EXPECT_EQ(hello_vocab({2, 1}).tokens(), (Tokens{"<pad>", "<unk>", "<s>", "</s>", "l", "o"}));
  EXPECT_EQ(hello_vocab({0, 2}).tokens(), (Tokens{"<pad>", "<unk>", "<s>", "</s>", "l", "o"}));
  EXPECT_EQ(hello_vocab({1, 2}).tokens(), (Tokens{"<pad>", "<unk>", "<s>", "</s>", "l"}));
  EXPECT_EQ(hello_vocab({0, 9}).size(), kSpecialCount);
  EXPECT_EQ(Vocab().size(), kSpecialCount);
}

TEST(Vocab, EncodeDecodeRoundTrip) {
  const Vocab vocab = hello_vocab();
  const Tokens text = {"w", "o", "r", "l", "d", " ", "h", "e", "l", "l", "o"};
  const std::vector<int> ids = vocab.encode(text);
  EXPECT_EQ(ids, (std::vector<int>{11, 5, 10, 4, 7, 6, 9, 8, 4, 4, 5}));
  EXPECT_EQ(vocab.decode(ids), "world hello");
  // unknown tokens map to <unk>, which decodes to U+FFFD; the other specials decode to nothing
  EXPECT_EQ(vocab.encode({"h", "i", "!"}), (std::vector<int>{9, kUnkId, kUnkId}));
  EXPECT_FALSE(vocab.contains("i"));
  EXPECT_TRUE(vocab.contains("h"));
  EXPECT_EQ(vocab.decode({kBosId, 9, kUnkId, kEosId, kPadId}), "h\xEF\xBF\xBD");
}

TEST(Vocab, OneHotRows) {
  const Vocab vocab = hello_vocab();  // V = 12
  const std::vector<int> ids = {4, kUnkId, 11};
  const std::vector<float> rows = vocab.one_hot(ids);  // [T=3, V=12]
  ASSERT_EQ(rows.size(), 3u * 12u);
  for (size_t t = 0; t < ids.size(); ++t)
    for (int v = 0; v < 12; ++v)
      EXPECT_EQ(rows[t * 12 + v], v == ids[t] ? 1.0f : 0.0f) << "row " << t << " column " << v;
  EXPECT_TRUE(vocab.one_hot({}).empty());
}

TEST(Vocab, IdsOutsideTheVocabularyAreErrors) {
  const Vocab vocab = hello_vocab();
  EXPECT_THROW(vocab.token(12), Error);
  EXPECT_THROW(vocab.token(-1), Error);
  EXPECT_THROW(vocab.decode({4, 12}), Error);
  EXPECT_THROW(vocab.one_hot({-1}), Error);
}

TEST(Vocab, JsonIsDesignFormat) {
  const Vocab vocab = Vocab::build(TokenCounts(Tokens{"\n", "b", "\xE3\x81\x8C", "b"}), Unit::word,
                                   Normalization::none);
  EXPECT_EQ(vocab.to_json(),
            "{\"unit\":\"word\",\"normalize\":\"none\","
            "\"tokens\":[\"<pad>\",\"<unk>\",\"<s>\",\"</s>\",\"b\",\"\\n\",\"\xE3\x81\x8C\"]}");
  const Vocab back = Vocab::from_json(vocab.to_json(), "test");
  EXPECT_EQ(back.tokens(), vocab.tokens());
  EXPECT_EQ(back.unit(), Unit::word);
  EXPECT_EQ(back.normalization(), Normalization::none);
  EXPECT_EQ(back.id("\xE3\x81\x8C"), 6);
  // key order and spacing do not matter on input
  const Vocab spaced = Vocab::from_json(
      R"({ "tokens": ["<pad>", "<unk>", "<s>", "</s>", "x"],
           "normalize": "nfc", "unit": "char" })", "test");
  EXPECT_EQ(spaced.size(), 5);
  EXPECT_EQ(spaced.unit(), Unit::grapheme);
}

TEST(Vocab, SaveAndLoadFile) {
  TempDir dir;
  const std::string path = dir / "vocab.json";
  const Vocab vocab = hello_vocab();
  vocab.save(path);
  vocab.save(path);  // replacing an existing file works too
  const Vocab loaded = Vocab::load(path);
  EXPECT_EQ(loaded.tokens(), vocab.tokens());
  EXPECT_EQ(loaded.to_json(), vocab.to_json());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  try {
    Vocab::load(dir / "missing.json");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), (dir / "missing.json").string());
    EXPECT_NE(e.what_is_wrong().find("No such file or directory"), std::string::npos);
  }
  EXPECT_THROW(vocab.save(dir / "no/such/dir/vocab.json"), Error);
}

TEST(Vocab, BadJsonIsAnErrorNamingTheSource) {
  const std::string specials = R"("<pad>", "<unk>", "<s>", "</s>")";
  const std::vector<std::pair<std::string, std::string>> cases = {
      // not a vocabulary at all
      {"{\"unit\": ", "not valid JSON"},
      {R"({"unit": "char", "normalize": "nfc", "tokens": [], "n": 1e400})", "not valid JSON"},  // found by fuzzing
      {"[1, 2]", "expected a JSON object, not array"},
      // missing or mistyped fields
      {R"({"normalize": "nfc", "tokens": []})", "missing \"unit\""},
      {R"({"unit": "char", "tokens": []})", "missing \"normalize\""},
      {R"({"unit": "char", "normalize": "nfc"})", "missing \"tokens\""},
      {R"({"unit": 1, "normalize": "nfc", "tokens": []})", "\"unit\" must be a string, not number"},
      {R"({"unit": "char", "normalize": "nfc", "tokens": "abc"})", "\"tokens\" must be an array, not string"},
      {R"({"unit": "byte", "normalize": "nfc", "tokens": []})", "unknown unit 'byte'"},
      {R"({"unit": "char", "normalize": "nfkc", "tokens": []})", "unknown normalize 'nfkc'"},
      // the token list
      {R"({"unit": "char", "normalize": "nfc", "tokens": []})", "token 0 must be the special <pad>"},
      {R"({"unit": "char", "normalize": "nfc", "tokens": ["<pad>", "<s>", "<unk>", "</s>"]})",
       "token 1 must be the special <unk>"},
      {R"({"unit": "char", "normalize": "nfc", "tokens": [)" + specials + R"(, "a", 7]})",
       "token 5 must be a string, not number"},
      {R"({"unit": "char", "normalize": "nfc", "tokens": [)" + specials + R"(, "a", ""]})", "token 5 is empty"},
      {R"({"unit": "char", "normalize": "nfc", "tokens": [)" + specials + R"(, "a", "b", "a"]})",
       "token 6 'a' repeats token 4"},
      {R"({"unit": "char", "normalize": "nfc", "tokens": [)" + specials + R"(, "<s>"]})",
       "token 4 '<s>' repeats token 2"},
  };
  for (const auto& [json, message] : cases) {
    SCOPED_TRACE(json);
    try {
      Vocab::from_json(json, "vocab.json");
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), "vocab.json");
      EXPECT_NE(e.what_is_wrong().find(message), std::string::npos) << e.what();
      EXPECT_FALSE(e.hint().empty());
    }
  }
}

TEST(Vocab, CorpusTokensSpelledLikeSpecialsAreRejected) {
  EXPECT_THROW(Vocab::build(TokenCounts(Tokens{"a", "<unk>"}), Unit::word, Normalization::nfc), Error);
  EXPECT_THROW(Vocab::build(TokenCounts(Tokens{""}), Unit::word, Normalization::nfc), Error);
}

// A vocabulary file that is binary, or whose strings hold control characters, used to put them raw
// into the error line.
TEST(Vocab, JsonErrorsShowNoRawControlOrInvalidBytes) {
  const std::string specials = R"("<pad>", "<unk>", "<s>", "</s>")";
  const std::vector<std::string> cases = {
      "\xFF\xFE\x1B[2J",
      "{\"unit\": \"\xFF\x1B\"}",
      R"({"unit": "\u001b[31m", "normalize": "nfc", "tokens": []})",
      R"({"unit": "char", "normalize": "\u009b2J", "tokens": []})",
      R"({"unit": "char", "normalize": "nfc", "tokens": [)" + specials + R"(, "\u001b", "\u001b"]})",
  };
  for (const std::string& json : cases) {
    SCOPED_TRACE(json);
    try {
      Vocab::from_json(json, "vocab.json");
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.find('\x1B'), std::string::npos) << what;
      EXPECT_EQ(what.find("\xC2\x9B"), std::string::npos) << what;
      EXPECT_EQ(find_invalid_utf8(what), std::string::npos) << what;
    }
  }
}

}  // namespace
}  // namespace lstmkit::text
