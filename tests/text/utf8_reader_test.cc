#include "lstmkit/text/utf8_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "support/special_files.h"
#include "support/temp_dir.h"

namespace lstmkit::text {
namespace {

using testing::TempDir;
using testing::write_bytes;

const std::string kFffd = "\xEF\xBF\xBD";  // U+FFFD as UTF-8

TEST(Utf8Reader, WellFormedInputIsUnchanged) {
  const std::vector<std::string> cases = {
      // ASCII and every sequence length
      "plain ASCII, with punctuation!\n",
      "caf\xC3\xA9",                                   // é, 2 bytes
      "\xE6\x99\x82\xE7\xB3\xBB\xE5\x88\x97",          // 時系列, 3 bytes each
      "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",              // 👍🏽, 4 bytes each
      // boundaries of the well-formed table
      "\x7F", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF",
      "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF",
      // a BOM that is not at the start is U+FEFF, a character like any other
      "a\xEF\xBB\xBF" "b",
  };
  for (const auto& bytes : cases) {
    SCOPED_TRACE(bytes);
    const Utf8Text decoded = decode_utf8(bytes, "in.txt");
    EXPECT_EQ(decoded.text, bytes);
    EXPECT_EQ(decoded.replaced, 0u);
    EXPECT_EQ(find_invalid_utf8(bytes), std::string_view::npos);
  }
}

struct InvalidCase {
  const char* name;
  std::string bytes;
  size_t offset;         // of the first byte of the first ill-formed sequence
  const char* message;   // part of Error::what_is_wrong()
  std::string replaced;  // the text under InvalidUtf8::replace
  size_t replacements;
};

TEST(Utf8Reader, InvalidBytesNameTheirOffset) {
  const std::vector<InvalidCase> cases = {
      // truncated sequences: one U+FFFD for the whole maximal subpart
      {"truncated at end", "ab\xE3\x81", 2, "truncated 3-byte sequence E3 81 at end of input", "ab" + kFffd, 1},
      {"lone lead byte at end", "xyz\xC3", 3, "truncated 2-byte sequence C3 at end of input", "xyz" + kFffd, 1},
      {"truncated in the middle", "a\xE3\x81" "b", 1, "truncated 3-byte sequence E3 81 followed by 62",
       "a" + kFffd + "b", 1},
      {"truncated 4-byte before ASCII", "\xF0\x9F\x98" "x", 0, "truncated 4-byte sequence F0 9F 98 followed by 78",
       kFffd + "x", 1},
      {"lead byte followed by a lead byte", "\xC3\xC3\xA9", 0, "truncated 2-byte sequence C3 followed by C3",
       kFffd + "\xC3\xA9", 1},
      // overlong forms: the lead byte alone is the subpart, each byte is replaced
      {"overlong C0 80", "A\xC0\x80", 1, "overlong encoding (bytes C0 80)", "A" + kFffd + kFffd, 2},
      {"overlong C1 BF", "\xC1\xBF", 0, "overlong encoding (bytes C1 BF)", kFffd + kFffd, 2},
      {"overlong E0 80 80", "ok\xE0\x80\x80", 2, "overlong encoding (bytes E0 80 80)",
       "ok" + kFffd + kFffd + kFffd, 3},
      {"overlong F0 80 80 80", "\xF0\x80\x80\x80", 0, "overlong encoding (bytes F0 80 80 80)",
       kFffd + kFffd + kFffd + kFffd, 4},
      // encoded surrogates and code points above U+10FFFF
      {"encoded surrogate ED A0 80", "12\xED\xA0\x80", 2, "encoded UTF-16 surrogate (bytes ED A0 80)",
       "12" + kFffd + kFffd + kFffd, 3},
      {"low surrogate ED BF BF", "\xED\xBF\xBF", 0, "surrogate (bytes ED BF BF)", kFffd + kFffd + kFffd, 3},
      {"above U+10FFFF", "\xF4\x90\x80\x80", 0, "code point above U+10FFFF (bytes F4 90 80 80)",
       kFffd + kFffd + kFffd + kFffd, 4},
      // bytes that never start anything
      {"stray continuation 80", "x\x80y", 1, "continuation byte 80 without a lead byte", "x" + kFffd + "y", 1},
      {"byte F5", "\xF5", 0, "byte F5 never occurs in UTF-8", kFffd, 1},
      {"byte FF", "ab\xFF", 2, "byte FF never occurs", "ab" + kFffd, 1},
      // offsets count the file's bytes: BOM and CR included
      {"offset counts the BOM", "\xEF\xBB\xBF" "a\x80", 4, "continuation byte", "a" + kFffd, 1},
      {"offset counts CR of CRLF", "a\r\nb\x80", 4, "continuation byte", "a\nb" + kFffd, 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    try {
      decode_utf8(c.bytes, "in.txt");
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), "in.txt:byte " + std::to_string(c.offset));
      EXPECT_NE(e.what_is_wrong().find(c.message), std::string::npos) << e.what();
      EXPECT_NE(e.hint().find("`on_invalid` replace"), std::string::npos);
    }
    EXPECT_EQ(find_invalid_utf8(c.bytes), c.offset);
    const Utf8Text replaced = decode_utf8(c.bytes, "in.txt", InvalidUtf8::replace);
    EXPECT_EQ(replaced.text, c.replaced);
    EXPECT_EQ(replaced.replaced, c.replacements);
    EXPECT_EQ(find_invalid_utf8(replaced.text), std::string_view::npos);
  }
}

TEST(Utf8Reader, ReplaceCountsEverySequence) {
  const Utf8Text decoded = decode_utf8("\x80ok\xC3\xA9\xF5\xE3\x81 \xED\xA0\x80", "in.txt", InvalidUtf8::replace);
  EXPECT_EQ(decoded.text, kFffd + "ok\xC3\xA9" + kFffd + kFffd + " " + kFffd + kFffd + kFffd);
  EXPECT_EQ(decoded.replaced, 6u);
}

TEST(Utf8Reader, BomAndLineEnds) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      // a leading byte order mark is dropped
      {"\xEF\xBB\xBFhello\n", "hello\n"},
      {"\xEF\xBB\xBF", ""},
      {"\xEF\xBB\xBF\xEF\xBB\xBFx", "\xEF\xBB\xBFx"},  // only the first one is a BOM
      // CRLF and lone CR become LF; LF stays
      {"a\r\nb\r\n", "a\nb\n"},
      {"a\rb\r", "a\nb\n"},
      {"a\r\r\nb", "a\n\nb"},
      {"a\n\rb", "a\n\nb"},
      {"\xEF\xBB\xBF\r\n", "\n"},
  };
  for (const auto& [bytes, text] : cases) {
    SCOPED_TRACE(bytes);
    EXPECT_EQ(decode_utf8(bytes, "in.txt").text, text);
  }
}

TEST(Utf8Reader, PolicyNames) {
  EXPECT_EQ(parse_invalid_utf8("error"), InvalidUtf8::error);
  EXPECT_EQ(parse_invalid_utf8("replace"), InvalidUtf8::replace);
  EXPECT_EQ(invalid_utf8_name(InvalidUtf8::replace), "replace");
  try {
    parse_invalid_utf8("ignore");
    ADD_FAILURE() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`on_invalid`");
  }
}

TEST(Utf8Reader, RequireValidNamesSourceAndOffset) {
  EXPECT_NO_THROW(require_valid_utf8("ok \xE2\x9C\x93", "line"));
  try {
    require_valid_utf8("ok \xE2\x9C", "line");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "line:byte 3");
  }
}

TEST(Utf8Reader, Files) {
  TempDir dir;
  // the empty file, whitespace only, no final newline
  EXPECT_EQ(read_utf8_file(write_bytes(dir / "empty.txt", "")).text, "");
  EXPECT_EQ(read_utf8_file(write_bytes(dir / "blank.txt", " \n\t \r\n")).text, " \n\t \n");
  EXPECT_EQ(read_utf8_file(write_bytes(dir / "nonl.txt", "last line")).text, "last line");
  // larger than one read buffer, with a multi-byte character across the 64 KiB boundary
  std::string big(65535, 'a');
  big += "\xE3\x81\x8C";
  big += std::string(70000, 'b');
  EXPECT_EQ(read_utf8_file(write_bytes(dir / "big.txt", big)).text, big);

  const std::string bad = write_bytes(dir / "bad.txt", "line one\nline\xC0\x80two\n");
  try {
    read_utf8_file(bad);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), bad + ":byte 13");
    EXPECT_EQ(std::string(e.what()).rfind(bad + ":byte 13: invalid UTF-8: overlong encoding", 0), 0u) << e.what();
  }
  const Utf8Text replaced = read_utf8_file(bad, InvalidUtf8::replace);
  EXPECT_EQ(replaced.replaced, 2u);
  EXPECT_EQ(replaced.text, "line one\nline" + kFffd + kFffd + "two\n");
}

TEST(Utf8Reader, UnreadableFilesGiveTheSystemReason) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {(dir / "missing.txt").string(), "No such file or directory"},
      {dir.path().string(), "is a directory"},
  };
  for (const auto& [path, reason] : cases) {
    SCOPED_TRACE(path);
    try {
      read_utf8_file(path);
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), path);
      EXPECT_NE(e.what_is_wrong().find(reason), std::string::npos) << e.what();
    }
  }
}

// `--text FIFO` used to block in fopen, `--text /dev/full` to read until memory ran out.
TEST(Utf8Reader, FifosAndDevicesAreRefusedNotRead) {
  TempDir dir;
  lstmkit::testing::expect_special_files_refused(dir.path(), [](const std::string& path) { read_utf8_file(path); });
}

}  // namespace
}  // namespace lstmkit::text
