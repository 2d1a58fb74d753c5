#include "lstmkit/text/line_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <thread>

#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "support/special_files.h"
#include "support/temp_dir.h"

namespace lstmkit::text {
namespace {

using Lines = std::vector<std::string>;
using testing::TempDir;
using testing::write_bytes;

// A pipe whose writing end the test holds: what `lstmkit translate` sees on standard input when a
// person types into it.
class Pipe {
 public:
  Pipe() { EXPECT_EQ(::pipe(fd_), 0); }
  ~Pipe() {
    close_reader();
    close_writer();
  }
  int reader() const { return fd_[0]; }
  void write(const std::string& bytes) { EXPECT_EQ(::write(fd_[1], bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size())); }
  int writer() const { return fd_[1]; }
  void close_reader() {
    if (fd_[0] >= 0) ::close(fd_[0]);
    fd_[0] = -1;
  }
  void close_writer() {
    if (fd_[1] >= 0) ::close(fd_[1]);
    fd_[1] = -1;
  }

 private:
  int fd_[2] = {-1, -1};
};

TEST(LineReader, AnswersWithTheLinesWaitingInsteadOfWaitingForMore) {
  Pipe pipe;
  LineReader reader(pipe.reader(), "pipe", InvalidUtf8::error);
  ::alarm(20);  // a reader that waits for a full chunk would block forever: end the test instead
  pipe.write("one\ntwo\n");
  EXPECT_EQ(reader.next(100), (Lines{"one", "two"}));
  pipe.write("thr");
  pipe.write("ee\nfour");  // a line is only whole at its line end, or at the end of the input
  EXPECT_EQ(reader.next(100), (Lines{"three"}));
  pipe.close_writer();
  EXPECT_EQ(reader.next(100), (Lines{"four"}));
  EXPECT_EQ(reader.next(100), Lines{});
  ::alarm(0);
}

TEST(LineReader, ReadsAFileInChunksOfAtMostMaxLines) {
  TempDir dir;
  LineReader reader(write_bytes(dir / "in.txt", "1\n2\n3\n4\n5\n6\n7\n"), InvalidUtf8::error);
  EXPECT_EQ(reader.next(3), (Lines{"1", "2", "3"}));
  EXPECT_EQ(reader.next(3), (Lines{"4", "5", "6"}));
  EXPECT_EQ(reader.next(3), (Lines{"7"}));
  EXPECT_EQ(reader.next(3), Lines{});
}

TEST(LineReader, CleansTextAsDecodeUtf8Does) {
  TempDir dir;
  LineReader reader(write_bytes(dir / "in.txt", "\xEF\xBB\xBF" "a\r\nb\rc\n\n"), InvalidUtf8::error);
  EXPECT_EQ(reader.next(10), (Lines{"a", "b", "c", ""}));
  EXPECT_EQ(reader.next(10), Lines{});

  LineReader empty(write_bytes(dir / "empty.txt", ""), InvalidUtf8::error);
  EXPECT_EQ(empty.next(10), Lines{});
}

TEST(LineReader, OnlyTheStartOfTheInputMayHoldAByteOrderMark) {
  TempDir dir;
  LineReader reader(write_bytes(dir / "in.txt", "a\n\xEF\xBB\xBF" "b\n"), InvalidUtf8::error);
  EXPECT_EQ(reader.next(1), (Lines{"a"}));
  EXPECT_EQ(reader.next(1), (Lines{"\xEF\xBB\xBF" "b"}));  // U+FEFF inside the text is a character
}

TEST(LineReader, CountsErrorOffsetsFromTheStartOfTheInput) {
  TempDir dir;
  const auto path = write_bytes(dir / "in.txt", "ab\nc\xFF\n");
  LineReader reader(path, InvalidUtf8::error);
  EXPECT_EQ(reader.next(1), (Lines{"ab"}));
  try {
    reader.next(1);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), path.string() + ":byte 4");
  }

  LineReader replacing(path, InvalidUtf8::replace);
  EXPECT_EQ(replacing.next(10), (Lines{"ab", "c\xEF\xBF\xBD"}));
  EXPECT_EQ(replacing.replaced(), 1u);
}

TEST(LineReader, AMissingFileIsAnErrorAtItsPath) {
  TempDir dir;
  try {
    LineReader reader((dir / "missing.txt").string(), InvalidUtf8::error);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), (dir / "missing.txt").string());
  }
}

// `translate --input FIFO` used to block in open, `--input /dev/full` to read until memory ran out.
TEST(LineReader, FifosAndDevicesAreRefusedNotRead) {
  TempDir dir;
  lstmkit::testing::expect_special_files_refused(dir.path(), [](const std::string& path) {
    LineReader reader(path, InvalidUtf8::error);
    reader.next(1);
  });
}

// Standard input from /dev/zero (or any endless line) used to be read until memory ran out.
TEST(LineReader, AnEndlessLineIsAnErrorAtItsLineNumber) {
  std::signal(SIGPIPE, SIG_IGN);  // the writer's last write meets a closed pipe
  Pipe pipe;
  LineReader reader(pipe.reader(), "stdin", InvalidUtf8::error);
  std::thread writer([&] {
    pipe.write("one\rtwo\n");
    const std::string zeros(1 << 16, '\0');
    // Writes fail once the reader has given up and the test closed its end: stop there.
    for (size_t written = 0; written < 64 * kMaxLineBytes; written += zeros.size())
      if (::write(pipe.writer(), zeros.data(), zeros.size()) < 0) break;
    pipe.close_writer();
  });
  ::alarm(20);
  EXPECT_EQ(reader.next(1), (Lines{"one"}));
  EXPECT_EQ(reader.next(1), (Lines{"two"}));
  try {
    reader.next(1);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "stdin:3");
    EXPECT_NE(e.what_is_wrong().find("longer than"), std::string::npos) << e.what();
  }
  pipe.close_reader();
  writer.join();
  ::alarm(0);
}

TEST(LineReader, ALineOfTheLongestLengthIsRead) {
  TempDir dir;
  const std::string longest(kMaxLineBytes, 'a');
  LineReader reader(write_bytes(dir / "in.txt", "x\r" + longest + "\r\n" + longest + "b\n"), InvalidUtf8::error);
  EXPECT_EQ(reader.next(2), (Lines{"x", longest}));
  try {
    reader.next(1);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), (dir / "in.txt").string() + ":3");
  }
}

// Lines ended by a lone CR (old Mac files) are lines for the chunking and the length bound too.
TEST(LineReader, CarriageReturnsEndLinesAcrossChunks) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 3000; ++i) text += std::string(1000, 'a') + "\r";
  LineReader reader(write_bytes(dir / "mac.txt", text), InvalidUtf8::error);
  size_t lines = 0;
  for (std::vector<std::string> chunk; !(chunk = reader.next(100)).empty(); lines += chunk.size())
    EXPECT_LE(chunk.size(), 100u);
  EXPECT_EQ(lines, 3000u);
}

}  // namespace
}  // namespace lstmkit::text
