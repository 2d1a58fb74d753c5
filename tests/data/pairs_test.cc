// Reading sentence pairs: the TSV contract (tabs, extra columns, last line, bad lines, --limit),
// tokenising with --max-len, and encoding with two vocabularies (the split: pair_split_test.cc).
#include "lstmkit/data/pairs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "lstmkit/error.h"
#include "support/special_files.h"
#include "support/temp_dir.h"

namespace lstmkit::data {
namespace {

using testing::TempDir;
using testing::write_bytes;

TEST(ReadPairs, SourceTabTargetWithExtraColumnsAndNoFinalNewline) {
  TempDir dir;
  const std::string path = write_bytes(dir / "p.tsv", "Go.\tVa !\tCC-BY 2.0 (France)\r\nHi.\tSalut.\n\nRun!\tCours !");
  const PairsFile f = read_pairs(path);
  ASSERT_EQ(f.pairs.size(), 3u);
  EXPECT_EQ(f.pairs[0].source, "Go.");
  EXPECT_EQ(f.pairs[0].target, "Va !");  // the attribution column is ignored, CR dropped
  EXPECT_EQ(f.pairs[1].target, "Salut.");
  EXPECT_EQ(f.pairs[2].source, "Run!");
  EXPECT_EQ(f.pairs[2].target, "Cours !");  // last line without its newline
  EXPECT_EQ(f.pairs[2].line, 4u);           // the empty line 3 is skipped but counted as a line
  EXPECT_EQ(f.bad_lines, 0u);
}

TEST(ReadPairs, LineWithoutTabNamesFileAndLine) {
  try {
    parse_pairs("a\tb\nno tab here\nc\td\n", "pairs.tsv");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "pairs.tsv:2");
    EXPECT_NE(e.what_is_wrong().find("no tab"), std::string::npos);
    EXPECT_NE(e.hint().find("`skip_bad_lines`"), std::string::npos);
  }
}

TEST(ReadPairs, EmptySourceIsABadLine) {
  EXPECT_THROW(parse_pairs("\tcible\n", "x.tsv"), Error);
}

TEST(ReadPairs, SkipBadLinesCountsThem) {
  PairsReadOptions o;
  o.skip_bad_lines = true;
  const PairsFile f = parse_pairs("a\tb\nbad\n\tno source\nc\t\n", "x.tsv", o);
  ASSERT_EQ(f.pairs.size(), 2u);
  EXPECT_EQ(f.bad_lines, 2u);
  EXPECT_EQ(f.pairs[1].source, "c");
  EXPECT_EQ(f.pairs[1].target, "");  // an empty target is a pair: the model learns to say </s>
}

TEST(ReadPairs, LimitKeepsTheFirstPairsAndReadsNoFurther) {
  PairsReadOptions o;
  o.limit = 2;
  // The bad third line is never reached.
  const PairsFile f = parse_pairs("a\t1\nb\t2\nbad\nc\t3\n", "x.tsv", o);
  ASSERT_EQ(f.pairs.size(), 2u);
  EXPECT_EQ(f.pairs[1].source, "b");
}

TEST(ReadPairs, NoPairAtAllIsAnError) {
  EXPECT_THROW(parse_pairs("\n\n", "empty.tsv"), Error);
  TempDir dir;
  EXPECT_THROW(read_pairs(dir / "missing.tsv"), Error);
}

TEST(ReadPairs, InvalidUtf8NamesTheByte) {
  TempDir dir;
  const std::string path = write_bytes(dir / "bad.tsv", "a\tb\nc\t\xff\n");
  try {
    read_pairs(path);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), path + ":byte 6");
  }
  PairsReadOptions o;
  o.on_invalid = text::InvalidUtf8::replace;
  EXPECT_EQ(read_pairs(path, o).replaced, 1u);
}

// `--pairs FIFO` used to block in fopen.
TEST(ReadPairs, AFifoIsRefusedNotWaitedFor) {
  TempDir dir;
  lstmkit::testing::expect_special_files_refused(dir.path(), [](const std::string& path) { read_pairs(path); });
}

TEST(TokenizePairs, MaxLenDropsAndCounts) {
  text::Tokenizer src(text::Unit::grapheme, text::Normalization::nfc);
  text::Tokenizer tgt(text::Unit::grapheme, text::Normalization::nfc);
  const std::vector<TextPair> pairs = {{"abc", "xy", 1}, {"abcd", "x", 2}, {"a", "wxyz", 3}, {"e\u0301", "é", 4}};
  const TokenizedPairs t = tokenize_pairs(pairs, src, tgt, 3);
  EXPECT_EQ(t.too_long, 2u);
  ASSERT_EQ(t.pairs.size(), 2u);
  EXPECT_EQ(t.pairs[0].source, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(t.pairs[1].source, (std::vector<std::string>{"é"}));  // NFC: one grapheme, composed
  EXPECT_EQ(tokenize_pairs(pairs, src, tgt, 0).pairs.size(), 4u);
}

TEST(EncodePairs, SeparateVocabulariesAndUnknownTokens) {
  const std::vector<TokenPair> pairs = {{{"a", "b"}, {"x"}}, {{"b"}, {"y", "z"}}};
  const std::vector<size_t> train = {0};
  const auto src = text::Vocab::build(count_tokens(pairs, train, false), text::Unit::grapheme, text::Normalization::nfc);
  const auto tgt = text::Vocab::build(count_tokens(pairs, train, true), text::Unit::grapheme, text::Normalization::nfc);
  EXPECT_EQ(src.size(), 6);  // 4 specials + a, b
  EXPECT_EQ(tgt.size(), 5);  // 4 specials + x
  const std::vector<IdPair> ids = encode_pairs(pairs, {1, 0}, src, tgt);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0].source, (std::vector<int32_t>{src.id("b")}));
  EXPECT_EQ(ids[0].target, (std::vector<int32_t>{text::kUnkId, text::kUnkId}));  // y, z only in the other split
  EXPECT_EQ(ids[1].target, (std::vector<int32_t>{tgt.id("x")}));
}

}  // namespace
}  // namespace lstmkit::data
