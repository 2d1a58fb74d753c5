#include "lstmkit/io/plot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>

#include "lstmkit/error.h"
#include "support/temp_dir.h"

namespace lstmkit::io {

namespace fs = std::filesystem;

namespace {

using testing::read_bytes;
using testing::write_bytes;

class PlotTest : public ::testing::Test {
 protected:
  // Plots through the real gnuplot; skips the test where it is not installed.
  void plot_or_skip(const PlotSpec& spec, const fs::path& out) {
    const PlotResult result = plot_png(spec, out);
    if (result.status == PlotStatus::no_gnuplot) GTEST_SKIP() << result.message;
    ASSERT_TRUE(result) << result.message;
  }

  testing::TempDir dir_;
};

void expect_png(const fs::path& path) {
  const std::string bytes = read_bytes(path);
  ASSERT_GT(bytes.size(), 5000u) << path << " is too small to hold a drawn plot";
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  // IHDR: width and height, big-endian, at bytes 16 and 20.
  const auto be32 = [&](size_t at) {
    return (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
           (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
  };
  EXPECT_EQ(be32(16), 900u);
  EXPECT_EQ(be32(20), 500u);
}

// A loss plot as training draws it: a noisy falling train curve, a sparse validation curve.
PlotSpec loss_spec() {
  PlotSpec spec;
  spec.title = "training loss";
  spec.x_label = "step";
  spec.y_label = "loss (nats/token)";
  PlotSeries train{"train_loss", {}, {}}, val{"val_loss", {}, {}};
  for (int step = 10; step <= 2000; step += 10) {
    train.xs.push_back(step);
    train.ys.push_back(4.2 * std::exp(-step / 600.0) + 1.4 + 0.05 * std::sin(step * 0.37));
    if (step % 250 == 0) {
      val.xs.push_back(step);
      val.ys.push_back(4.2 * std::exp(-step / 700.0) + 1.55);
    }
  }
  spec.series = {train, val};
  spec.markers = {{1000, "epoch 2"}};
  return spec;
}
}  // namespace

TEST_F(PlotTest, WritesAPngOfTheRequestedSizeAndItsSvg) {
  const fs::path out = dir_ / "loss.png";
  plot_or_skip(loss_spec(), out);
  expect_png(out);
  EXPECT_EQ(svg_path(out), dir_ / "loss.svg");
  const std::string svg = read_bytes(dir_ / "loss.svg");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("width=\"900\" height=\"500\""), std::string::npos) << svg.substr(0, 400);
  EXPECT_NE(svg.find("val_loss"), std::string::npos) << "the key is drawn";
  EXPECT_NE(svg.rfind("</svg>"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "loss.png.tmp"));
  EXPECT_FALSE(fs::exists(dir_ / "loss.svg.tmp"));
}

// Where the SVG draws `text`: the translate(x,y) of the group holding it.
std::pair<double, double> text_position(const std::string& svg, const std::string& text) {
  const size_t at = svg.find("<text>" + text + "</text>");
  if (at == std::string::npos) return {NAN, NAN};
  const size_t translate = svg.rfind("translate(", at);
  double x = NAN, y = NAN;
  std::sscanf(svg.c_str() + translate, "translate(%lf,%lf)", &x, &y);
  return {x, y};
}

TEST_F(PlotTest, LabelsOfCloseMarkersDoNotOverlap) {
  // A forecast whose validation part is a few rows before the end of its data (the sunspots' 31 of 309).
  PlotSpec spec = loss_spec();
  spec.markers = {{1900, "train | validation"}, {1960, "end of data"}};
  const fs::path out = dir_ / "close.png";
  plot_or_skip(spec, out);
  const std::string svg = read_bytes(dir_ / "close.svg");
  const auto [x1, y1] = text_position(svg, "train | validation");
  const auto [x2, y2] = text_position(svg, "end of data");
  ASSERT_FALSE(std::isnan(y1) || std::isnan(y2)) << svg;
  ASSERT_LT(x2 - x1, 18 * 5.0) << "the markers are meant to be closer than the first label is wide";
  EXPECT_GE(std::abs(y2 - y1), 10.0) << "the labels share a line: y " << y1 << " and " << y2;
}

TEST_F(PlotTest, QuotesUnderscoresAndLineBreaksInLabelsDoNotBreakTheScript) {
  PlotSpec spec = loss_spec();
  spec.title = "it's a \"quoted\" title_with_under^scores & $dollars \\ backslash";
  spec.x_label = "x' label\nsecond line";
  spec.y_label = "'";
  spec.series[0].name = "train's \"loss\"";
  spec.markers = {{500, "train | validation's edge"}, {1500, ""}};
  // gnuplot runs `commands` in backquotes inside double-quoted strings: a label must not run anything.
  const fs::path ran = dir_ / "ran";
  spec.series[1].name = "val `touch " + ran.string() + "`";
  const fs::path out = dir_ / "it's a \"plot\".png";  // the output path is quoted in the script too
  plot_or_skip(spec, out);
  expect_png(out);
  EXPECT_FALSE(fs::exists(ran)) << "a backquoted command in a label was run";
}

TEST_F(PlotTest, LogScaleAndUndefinedPointsPlot) {
  PlotSpec spec = loss_spec();
  spec.log_y = true;
  spec.series[0].ys[5] = std::nan("");
  spec.series[0].ys[6] = std::numeric_limits<double>::infinity();
  spec.series.push_back({"empty series is left out", {}, {}});
  const fs::path out = dir_ / "log.png";
  plot_or_skip(spec, out);
  expect_png(out);
}

TEST_F(PlotTest, MissingGnuplotIsReportedNotThrown) {
  const fs::path out = dir_ / "loss.png";
  for (const std::string gnuplot : {"/nonexistent/gnuplot", "lstmkit-no-such-gnuplot"}) {
    const PlotResult result = plot_png(loss_spec(), out, gnuplot);
    EXPECT_EQ(result.status, PlotStatus::no_gnuplot) << gnuplot;
    EXPECT_FALSE(result);
    EXPECT_NE(result.message.find(gnuplot), std::string::npos) << result.message;
  }
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(dir_ / "loss.png.tmp"));
}

TEST_F(PlotTest, AFailingGnuplotKeepsTheOldPlot) {
  // `false` stands in for a gnuplot that exits with an error.
  const fs::path out = dir_ / "loss.png";
  write_bytes(out, "old plot");
  const PlotResult result = plot_png(loss_spec(), out, "false");
  EXPECT_EQ(result.status, PlotStatus::failed);
  EXPECT_NE(result.message.find("status 1"), std::string::npos) << result.message;
  EXPECT_EQ(read_bytes(out), "old plot");
}

TEST_F(PlotTest, AnIncompleteSvgKeepsTheOldPair) {
  // A stand-in that writes a whole PNG and a cut SVG, as a disk that fills between the two would.
  const fs::path fake = write_bytes(dir_ / "gnuplot-svg-cut",
                                    "#!/bin/sh\n"
                                    "sed -n 's/^set output \"\\(.*\\)\"$/\\1/p' \"$1\" > \"$1.outputs\"\n"
                                    "png=$(sed -n 1p \"$1.outputs\"); svg=$(sed -n 2p \"$1.outputs\")\n"
                                    "printf '\\211PNG\\r\\n\\032\\n\\0\\0\\0\\0IEND\\256B`\\202' > \"$png\"\n"
                                    "printf '<svg width=\"900\">' > \"$svg\"\n");
  fs::permissions(fake, fs::perms::owner_all);
  const fs::path out = dir_ / "loss.png";
  write_bytes(out, "old plot");
  write_bytes(dir_ / "loss.svg", "old svg");
  const PlotResult result = plot_png(loss_spec(), out, fake.string());
  EXPECT_EQ(result.status, PlotStatus::failed);
  EXPECT_NE(result.message.find("incomplete"), std::string::npos) << result.message;
  EXPECT_EQ(read_bytes(out), "old plot");
  EXPECT_EQ(read_bytes(dir_ / "loss.svg"), "old svg");
  EXPECT_FALSE(fs::exists(dir_ / "loss.png.tmp"));
  EXPECT_FALSE(fs::exists(dir_ / "loss.svg.tmp"));
}

TEST_F(PlotTest, ATruncatedImageKeepsTheOldPlot) {
  // gnuplot exits 0 after a write to a full disk failed: it does not check. This stand-in writes the
  // first bytes of a PNG to the output its script names and succeeds, as gnuplot then does.
  const fs::path fake = write_bytes(dir_ / "gnuplot-on-a-full-disk",
                                    "#!/bin/sh\n"
                                    "out=$(sed -n 's/^set output \"\\(.*\\)\"$/\\1/p' \"$1\" | head -n 1)\n"
                                    "printf '\\211PNG\\r\\n\\032\\n' > \"$out\"\n");
  fs::permissions(fake, fs::perms::owner_all);
  const fs::path out = dir_ / "loss.png";
  write_bytes(out, "old plot");
  const PlotResult result = plot_png(loss_spec(), out, fake.string());
  EXPECT_EQ(result.status, PlotStatus::failed);
  EXPECT_NE(result.message.find("incomplete"), std::string::npos) << result.message;
  EXPECT_EQ(read_bytes(out), "old plot");
  EXPECT_FALSE(fs::exists(dir_ / "loss.png.tmp"));
}

TEST_F(PlotTest, GnuplotErrorsComeBackInTheMessage) {
  // An unwritable output: gnuplot itself fails and says why.
  const PlotResult result = plot_png(loss_spec(), dir_ / "missing-dir" / "loss.png");
  if (result.status == PlotStatus::no_gnuplot) GTEST_SKIP() << result.message;
  EXPECT_EQ(result.status, PlotStatus::failed);
  EXPECT_FALSE(result.message.empty());
}

TEST_F(PlotTest, MalformedSpecsThrowAndEmptyOnesFail) {
  PlotSpec spec = loss_spec();
  spec.series[1].ys.pop_back();
  EXPECT_THROW(plot_png(spec, dir_ / "x.png"), Error);
  spec = loss_spec();
  spec.width = 10;
  EXPECT_THROW(plot_png(spec, dir_ / "x.png"), Error);
  spec = loss_spec();
  for (PlotSeries& s : spec.series) {
    s.xs.clear();
    s.ys.clear();
  }
  const PlotResult result = plot_png(spec, dir_ / "x.png");
  EXPECT_EQ(result.status, PlotStatus::failed);
  EXPECT_FALSE(fs::exists(dir_ / "x.png"));
}

}  // namespace lstmkit::io
