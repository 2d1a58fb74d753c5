#include "lstmkit/text/corpus.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/text/token_counts.h"
#include "support/temp_dir.h"

namespace lstmkit::text {
namespace {

using testing::TempDir;
using testing::write_bytes;
using Tokens = std::vector<std::string>;

TEST(Corpus, SmallFiles) {
  TempDir dir;
  struct Case {
    const char* name;
    std::string bytes;
    Unit unit;
    Tokens tokens;
  };
  const std::vector<Case> cases = {
      {"empty file", "", Unit::grapheme, {}},
      {"whitespace only", " \n \n", Unit::grapheme, {" ", "\n", " ", "\n"}},
      {"whitespace only, words", "  \n\n", Unit::word, {"  ", "\n", "\n"}},
      {"no final newline", "ab\ncd", Unit::grapheme, {"a", "b", "\n", "c", "d"}},
      {"BOM and CRLF", "\xEF\xBB\xBFhi\r\nyo\r", Unit::word, {"hi", "\n", "yo", "\n"}},
      {"decomposed が becomes one code point", "\xE3\x81\x8B\xE3\x82\x99", Unit::grapheme, {"\xE3\x81\x8C"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const Corpus corpus =
        read_corpus(write_bytes(dir / "in.txt", c.bytes), {c.unit, Normalization::nfc, InvalidUtf8::error});
    EXPECT_EQ(corpus.tokens, c.tokens);
    EXPECT_EQ(corpus.replaced, 0u);
  }
}

TEST(Corpus, InvalidBytes) {
  TempDir dir;
  const std::string path = write_bytes(dir / "bad.txt", "ok\n\xF5 and \xE0\x80\x80");
  try {
    read_corpus(path);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), path + ":byte 3");
  }
  const Corpus corpus = read_corpus(path, {Unit::word, Normalization::nfc, InvalidUtf8::replace});
  EXPECT_EQ(corpus.replaced, 4u);
  EXPECT_EQ(corpus.tokens.size(), 9u);  // ok \n � ␠ and ␠ � � �
}

// The acceptance numbers of issue 3 on a 1.1 MB text (speed is measured by benchmarks, not here).
TEST(Corpus, TinyShakespeare) {
  const char* shared = std::getenv("LSTMKIT_SHARED_DATA");
  const std::string path =
      (shared ? std::string(shared) : std::string(LSTMKIT_SOURCE_DIR) + "/../shared/data") + "/tinyshakespeare.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";

  const Utf8Text text = read_utf8_file(path);
  Segmenter segmenter(Unit::grapheme);
  const Tokens tokens = segmenter.segment(text.text);

  const TokenCounts counts(tokens);
  EXPECT_EQ(counts.total(), 1115394u);
  EXPECT_EQ(counts.distinct(), 65u);
}

}  // namespace
}  // namespace lstmkit::text
