#pragma once
// Line plots as PNG files, each with an SVG twin beside it (the same name ending in .svg), drawn by an
// external gnuplot (Debian's gnuplot-nox is enough: its png and svg terminals need no cairo). Plotting is
// optional: without gnuplot the call reports PlotStatus::no_gnuplot and the caller decides whether to
// warn. The library itself never prints.
#include <filesystem>
#include <string>
#include <vector>

namespace lstmkit::io {

struct PlotSeries {
  std::string name;        // shown in the key
  std::vector<double> xs;  // same length as ys; non-finite points leave a gap in the line
  std::vector<double> ys;
};

// A shaded area between two curves, e.g. a forecast's interval between its outer quantiles; drawn under
// the lines.
struct PlotBand {
  std::string name;        // shown in the key
  std::vector<double> xs;  // same length as lo and hi; points with a non-finite value are left out
  std::vector<double> lo, hi;
};

// A dashed vertical line across the plot, e.g. the train/validation boundary of a forecast.
struct PlotMarker {
  double x = 0;
  std::string label;
};

struct PlotSpec {
  std::string title, x_label, y_label;
  std::vector<PlotSeries> series;  // series with no points are left out
  std::vector<PlotMarker> markers;
  std::vector<PlotBand> bands{};
  // Non-empty: x values are seconds since 1970 (as if UTC), labelled with this strftime format ("%Y-%m").
  std::string x_time_format{};
  bool log_y = false;
  int width = 900, height = 500;  // pixels
};

enum class PlotStatus {
  ok,
  no_gnuplot,  // the gnuplot executable was not found
  failed,      // gnuplot ran and failed (message holds its output), or there was nothing to plot
};

struct PlotResult {
  PlotStatus status = PlotStatus::ok;
  std::string message;  // empty when ok
  explicit operator bool() const { return status == PlotStatus::ok; }
};

// The SVG twin of a plot's PNG path: `out` with its extension replaced by .svg.
std::filesystem::path svg_path(const std::filesystem::path& out);

// Draws `spec` into the PNG file `out` and the SVG file svg_path(out), by one gnuplot run: both are
// written as .tmp files and renamed only when gnuplot succeeded and both are complete, so a failed plot
// leaves the older pair alone. Uses the pngcairo terminal when gnuplot has it, else png. The key sits
// below the plot, where it covers neither the curves nor the markers' labels.
// `gnuplot` is the executable, looked up on PATH unless it contains a '/'. Throws lstmkit::Error only for
// a malformed spec (xs and ys, or a band's xs, lo and hi, of different lengths, a size below 100 pixels) or when no temporary
// directory can be made.
PlotResult plot_png(const PlotSpec& spec, const std::filesystem::path& out,
                    const std::string& gnuplot = "gnuplot");

}  // namespace lstmkit::io
