#include "lstmkit/io/unfinished_files.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace lstmkit::io {

namespace fs = std::filesystem;

TEST(UnfinishedFiles, RemovesWhatIsRegisteredFilesAndDirectories) {
  testing::TempDir dir;
  const fs::path file = testing::write_bytes(dir / "model.safetensors.tmp", "half a checkpoint");
  fs::create_directories(dir / "lstmkit-plot-x" / "inner");
  testing::write_bytes(dir / "lstmkit-plot-x" / "inner" / "data.txt", "1 2");
  const UnfinishedFile a(file), b(dir / "lstmkit-plot-x");
  remove_unfinished_files();
  EXPECT_FALSE(fs::exists(file));
  EXPECT_FALSE(fs::exists(dir / "lstmkit-plot-x"));
}

TEST(UnfinishedFiles, AFinishedFileIsNoLongerRemoved) {
  testing::TempDir dir;
  const fs::path file = testing::write_bytes(dir / "log.csv.new", "step,epoch\n");
  { const UnfinishedFile writing(file); }
  remove_unfinished_files();
  EXPECT_TRUE(fs::exists(file));
}

TEST(UnfinishedFiles, OnePathRegisteredTwiceStaysRegisteredUntilBothEnd) {
  testing::TempDir dir;
  const fs::path file = testing::write_bytes(dir / "loss.png.tmp", "x");
  const UnfinishedFile outer(file);
  { const UnfinishedFile inner(file); }
  remove_unfinished_files();
  EXPECT_FALSE(fs::exists(file));
}

}  // namespace lstmkit::io
