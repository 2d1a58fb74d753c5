#include "lstmkit/text/line_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "support/temp_dir.h"

namespace lstmkit::text {
namespace {

using Lines = std::vector<std::string>;
using testing::TempDir;
using testing::write_bytes;

// A pipe whose writing end the test holds, read through /dev/fd as a path: what `lstmkit translate`
// sees when a person types into it.
class Pipe {
 public:
  Pipe() { EXPECT_EQ(::pipe(fd_), 0); }
  ~Pipe() {
    ::close(fd_[0]);
    close_writer();
  }
  std::string reader_path() const { return "/dev/fd/" + std::to_string(fd_[0]); }
  void write(const std::string& bytes) { EXPECT_EQ(::write(fd_[1], bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size())); }
  void close_writer() {
    if (fd_[1] >= 0) ::close(fd_[1]);
    fd_[1] = -1;
  }

 private:
  int fd_[2] = {-1, -1};
};

TEST(LineReader, AnswersWithTheLinesWaitingInsteadOfWaitingForMore) {
  Pipe pipe;
  LineReader reader(pipe.reader_path(), InvalidUtf8::error);
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

}  // namespace
}  // namespace lstmkit::text
