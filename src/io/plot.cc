#include "lstmkit/io/plot.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include "lstmkit/error.h"
#include "lstmkit/io/unfinished_files.h"

extern char** environ;

namespace lstmkit::io {

namespace fs = std::filesystem;

namespace {

// A private directory for the data, script and gnuplot's output; removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "lstmkit-plot-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      throw Error(pattern, std::string("cannot create a temporary directory: ") + std::strerror(errno),
                  "set TMPDIR to a writable directory");
    path_ = pattern;
    unfinished_.emplace(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  std::optional<UnfinishedFile> unfinished_;
};

// A gnuplot double-quoted string. Single quotes would need no escapes, but gnuplot 5.4 misreads a
// doubled quote ('') right after the opening one. Inside double quotes gnuplot still runs `commands` in
// backquotes, so a backquote is written as its octal escape. A line break would end the command, so
// control characters become spaces.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '`') {
      out += "\\140";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string number(double x) {
  if (!std::isfinite(x)) return "NaN";  // gnuplot leaves NaN points out and breaks the line there
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, x).ptr;
  return std::string(buf, end);
}

// Colours that stay apart for most colour-blind readers (Okabe-Ito), then dash patterns once they repeat.
constexpr const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                    "#E69F00", "#56B4E9", "#000000", "#F0E442"};
constexpr size_t kColourCount = sizeof kColours / sizeof kColours[0];
// A line through fewer points than this gets point marks too, so that a series of one point shows.
constexpr size_t kMarkBelow = 60;

// A loss curve often spans less than one decade, where a log axis has no labelled tic at all: label
// 2, 3 and 5 times each power of ten the data covers as well.
std::string log_tics(const std::vector<const PlotSeries*>& series) {
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  for (const PlotSeries* s : series)
    for (double y : s->ys)
      if (std::isfinite(y) && y > 0) {
        lo = std::min(lo, y);
        hi = std::max(hi, y);
      }
  if (!(hi > 0)) return "";
  const int first = static_cast<int>(std::floor(std::log10(lo)));
  const int last = static_cast<int>(std::ceil(std::log10(hi)));
  constexpr int kMaxDecades = 4;  // beyond that the powers of ten alone are labelled enough
  if (last - first > kMaxDecades) return "";
  std::string tics;
  for (int e = first; e <= last; ++e)
    for (double m : {2.0, 3.0, 5.0}) {
      char y[32];  // %g, not the shortest round trip: 3·0.1 must read "0.3"
      std::snprintf(y, sizeof y, "%g", m * std::pow(10.0, e));
      tics += (tics.empty() ? "" : ", ") + std::string("\"") + y + "\" " + y;
    }
  return "set ytics add (" + tics + ")\n";
}

// Data blocks: the bands first (x lo hi), then the series (x y). Plots the PNG, then replots the SVG.
std::string script(const PlotSpec& spec, const std::vector<const PlotSeries*>& series,
                   const std::vector<const PlotBand*>& bands, const fs::path& data, const fs::path& png,
                   const fs::path& svg) {
  std::ostringstream s;
  const std::string size = std::to_string(spec.width) + "," + std::to_string(spec.height);
  // gnuplot-nox may lack cairo; the libgd `png` terminal is always built. `noenhanced` keeps '_' and '^'
  // in names literal instead of turning them into sub- and superscripts.
  s << "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
    << "  set terminal pngcairo size " << size << " noenhanced font 'sans,10' linewidth 1\n"
    << "} else {\n"
    << "  set terminal png size " << size << " noenhanced\n"
    << "}\n"
    << "set output " << quoted(png.string()) << "\n"
    << "set title " << quoted(spec.title) << "\n"
    << "set xlabel " << quoted(spec.x_label) << "\n"
    << "set ylabel " << quoted(spec.y_label) << "\n"
    // Inside the plot the key hid curves and the markers' labels at the top (issue 15).
    << "set key below horizontal box lc rgb '#cccccc' height 1\n"
    << "set grid lc rgb '#dddddd' lt 1\n"
    << "set border lc rgb '#444444'\n"
    // x spans the data (not the next round tic, which can waste a fifth of the width); a little room
    // on the sides keeps end points off the border.
    << "set autoscale xfix\n";
  if (!spec.x_time_format.empty()) s << "set format x " << quoted(spec.x_time_format) << " timedate\n";
  if (spec.log_y)
    s << "set offsets graph 0.01, graph 0.01, 0, 0\n"
      << "set logscale y\n"
      << "set grid mytics\n"
      << log_tics(series);
  else
    s << "set offsets graph 0.01, graph 0.01, graph 0.05, graph 0.05\n";
  // Each label a line below the one before: the labels of close markers (a validation part of a few
  // rows before the end of the data) ran into each other on one line.
  int labels = 0;
  for (const PlotMarker& m : spec.markers) {
    s << "set arrow from " << number(m.x) << ", graph 0 to " << number(m.x)
      << ", graph 1 nohead dt 2 lw 1.5 lc rgb '#666666'\n";
    if (!m.label.empty())
      s << "set label " << quoted(m.label) << " at " << number(m.x) << ", graph 0.96 left offset character 0.5, "
        << -1.5 * labels++ << " tc rgb '#444444'\n";
  }
  for (size_t i = 0; i < series.size(); ++i)
    s << "set style line " << i + 1 << " lc rgb '" << kColours[i % kColourCount] << "' lw 2 dt "
      << 1 + i / kColourCount << " pt 7 ps 0.6\n";
  s << "plot ";
  for (size_t i = 0; i < bands.size(); ++i)
    s << (i ? ", \\\n     " : "") << quoted(data.string()) << " index " << i
      << " using 1:2:3 with filledcurves fs transparent solid 0.25 noborder lc rgb '" << kColours[(i + 1) % kColourCount]
      << "' title " << quoted(bands[i]->name);
  for (size_t i = 0; i < series.size(); ++i) {
    s << (i + bands.size() ? ", \\\n     " : "") << quoted(data.string()) << " index " << i + bands.size()
      << " using 1:2 with "
      << (series[i]->xs.size() < kMarkBelow ? "linespoints" : "lines") << " ls " << i + 1 << " title "
      << quoted(series[i]->name);
  }
  s << "\n"
    << "set terminal svg size " << size << " noenhanced font 'sans,10' background '#ffffff'\n"
    << "set output " << quoted(svg.string()) << "\n"
    << "replot\n"
    << "unset output\n";
  return s.str();
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f) throw Error(path.string(), "cannot write a temporary plot file", "set TMPDIR to a writable directory");
}

std::string read_text(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Whether the file ends with a PNG's IEND chunk. gnuplot does not check its writes: on a full disk it
// exits 0 leaving a truncated image, which must not replace a good one.
bool png_is_complete(const fs::path& path) {
  static constexpr unsigned char kIend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f || f.tellg() < static_cast<std::streamoff>(sizeof kIend)) return false;
  unsigned char end[sizeof kIend];
  f.seekg(-static_cast<std::streamoff>(sizeof kIend), std::ios::end);
  f.read(reinterpret_cast<char*>(end), sizeof end);
  return f && std::equal(std::begin(end), std::end(end), std::begin(kIend));
}

// Whether the file ends with the SVG's closing tag (a full disk truncates it, as a PNG).
bool svg_is_complete(const fs::path& path) {
  const std::string text = read_text(path);
  const size_t end = text.rfind("</svg>");
  return end != std::string::npos && text.find_first_not_of(" \t\r\n", end + 6) == std::string::npos;
}

// gnuplot's output, trimmed to what fits in an error line.
std::string tail(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  constexpr size_t kMax = 1000;
  if (text.size() > kMax) text = "..." + text.substr(text.size() - kMax);
  return text;
}

// Runs `gnuplot script` with stdin from /dev/null and stdout/stderr into `log`: the library never writes
// to the terminal. The script goes in a file rather than a pipe, so a gnuplot that exits early cannot
// raise SIGPIPE in the caller. Returns the exit status, or -errno when it could not start.
int run(const std::string& gnuplot, const fs::path& script_path, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::string program = gnuplot, script_arg = script_path.string();
  char* argv[] = {program.data(), script_arg.data(), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -rc;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -errno;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

fs::path svg_path(const fs::path& out) {
  fs::path svg = out;
  return svg.replace_extension(".svg");
}

PlotResult plot_png(const PlotSpec& spec, const fs::path& out, const std::string& gnuplot) {
  if (spec.width < 100 || spec.height < 100)
    throw Error(out.string(), "plot size " + std::to_string(spec.width) + "x" + std::to_string(spec.height) +
                                  " is too small", "use at least 100x100 pixels");
  std::vector<const PlotSeries*> series;
  for (const PlotSeries& s : spec.series) {
    if (s.xs.size() != s.ys.size())
      throw Error(out.string(), "series '" + s.name + "' has " + std::to_string(s.xs.size()) + " x values and " +
                                    std::to_string(s.ys.size()) + " y values",
                  "give every point both coordinates");
    if (!s.xs.empty()) series.push_back(&s);
  }
  if (series.empty()) return {PlotStatus::failed, "no data points to plot"};
  std::vector<const PlotBand*> bands;
  for (const PlotBand& b : spec.bands) {
    if (b.xs.size() != b.lo.size() || b.xs.size() != b.hi.size())
      throw Error(out.string(), "band '" + b.name + "' has " + std::to_string(b.xs.size()) + " x values, " +
                                    std::to_string(b.lo.size()) + " lower and " + std::to_string(b.hi.size()) +
                                    " upper values",
                  "give every point of a band x, lower and upper values");
    if (!b.xs.empty()) bands.push_back(&b);
  }

  const TempDir dir;
  const fs::path data = dir.path() / "data.txt", script_path = dir.path() / "plot.gp",
                 log = dir.path() / "gnuplot.log";
  const fs::path svg = svg_path(out);
  fs::path staged = out, staged_svg = svg;
  staged += ".tmp";
  staged_svg += ".tmp";
  const UnfinishedFile unfinished(staged), unfinished_svg(staged_svg);
  // Blocks separated by two blank lines are gnuplot's `index` 0, 1, ...
  std::string text;
  // A filled curve cannot break at a gap as a line does: its undefined points are left out.
  for (const PlotBand* b : bands) {
    for (size_t i = 0; i < b->xs.size(); ++i)
      if (std::isfinite(b->xs[i]) && std::isfinite(b->lo[i]) && std::isfinite(b->hi[i]))
        text += number(b->xs[i]) + " " + number(b->lo[i]) + " " + number(b->hi[i]) + "\n";
    text += "\n\n";
  }
  for (const PlotSeries* s : series) {
    for (size_t i = 0; i < s->xs.size(); ++i) text += number(s->xs[i]) + " " + number(s->ys[i]) + "\n";
    text += "\n\n";
  }
  write_text(data, text);
  write_text(script_path, script(spec, series, bands, data, staged, staged_svg));

  const int rc = run(gnuplot, script_path, log);
  if (rc == -ENOENT) return {PlotStatus::no_gnuplot, "gnuplot not found (" + gnuplot + ")"};
  if (rc < 0) return {PlotStatus::failed, "cannot run " + gnuplot + ": " + std::strerror(-rc)};
  std::error_code ec;
  if (rc != 0 || !png_is_complete(staged) || !svg_is_complete(staged_svg)) {
    fs::remove(staged, ec);
    fs::remove(staged_svg, ec);
    const std::string output = tail(read_text(log));
    return {PlotStatus::failed, rc != 0 ? gnuplot + " exited with status " + std::to_string(rc) +
                                              (output.empty() ? std::string() : ": " + output)
                                        : "the image " + gnuplot + " wrote is incomplete (is the disk full?); " +
                                              out.string() + " was left as it was"};
  }
  // The SVG first: were the second rename to fail, the pair left is the new SVG beside the old PNG, the
  // file a person opens first still a whole, older plot.
  for (const auto& [from, to] : {std::pair{staged_svg, svg}, std::pair{staged, out}}) {
    fs::rename(from, to, ec);
    if (ec) {
      const std::string why = ec.message();
      fs::remove(staged, ec);
      fs::remove(staged_svg, ec);
      return {PlotStatus::failed, "cannot rename " + from.string() + " to " + to.string() + ": " + why};
    }
  }
  return {};
}

}  // namespace lstmkit::io
