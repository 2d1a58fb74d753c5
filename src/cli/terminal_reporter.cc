#include "terminal_reporter.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "lstmkit/format.h"
#include "option_names.h"

#include "lstmkit/dist/communicator.h"

namespace lstmkit::cli {

namespace {
std::string rate(double r) {
  char buf[32];
  if (r >= 1e4)
    std::snprintf(buf, sizeof buf, "%.1fk", r / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f", r);
  return buf;
}

template <typename... Args>
std::string printf_text(const char* format, Args... args) {
  char buf[96];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

// A part of the progress line, and which parts go first when the line is too wide for the terminal
// (highest first; 0: never, the ETA).
struct Field {
  std::string text;
  int drop;
};

std::vector<Field> fields(const train::Progress& p, bool bar) {
  std::vector<Field> f;
  if (bar) {
    constexpr int kWidth = 20;
    const int filled = p.batches > 0 ? static_cast<int>(kWidth * p.batch / p.batches) : 0;
    f.push_back({"[" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "]", 6});
  }
  f.push_back({printf_text("epoch %d/%d", p.epoch, p.epochs), 1});
  f.push_back({printf_text("%lld/%lld", static_cast<long long>(p.batch), static_cast<long long>(p.batches)), 3});
  f.push_back({printf_text("loss %.4f", p.train_loss), 1});
  f.push_back({p.val_loss ? printf_text("val %.4f", *p.val_loss) : "val -", 2});
  f.push_back({rate(p.rate) + " " + p.unit + "/s", 4});
  f.push_back({printf_text("lr %.3g", p.lr), 5});
  f.push_back({"ETA " + format_duration(p.eta_seconds), 0});
  return f;
}

std::string joined(const std::vector<Field>& f) {
  std::string out;
  for (const Field& x : f) out += (out.empty() ? "" : "  ") + x.text;
  return out;
}

// The line in at most `width` characters (the parts are ASCII): the least useful parts are left out
// first, and on a very narrow terminal the start is cut rather than the ETA.
std::string fit(std::vector<Field> f, size_t width) {
  for (int drop = 6; drop > 0 && joined(f).size() > width; --drop)
    std::erase_if(f, [drop](const Field& x) { return x.drop == drop; });
  const std::string line = joined(f);
  if (line.size() <= width) return line;
  const std::string& eta = f.back().text;
  if (eta.size() + 2 >= width) return eta.substr(0, width);
  return line.substr(0, width - eta.size() - 2) + "  " + eta;
}
}  // namespace

size_t terminal_width(std::FILE* out) {
  winsize size{};
  if (ioctl(fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const long n = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && n > 0 && n < 100'000) return static_cast<size_t>(n);
  }
  return 80;
}

TerminalReporter::TerminalReporter(std::FILE* out, double plain_interval)
    : out_(out), muted_(dist::world().rank() != 0), terminal_(isatty(fileno(out)) != 0),
      plain_interval_(plain_interval),
      last_(std::chrono::steady_clock::now()) {}

TerminalReporter::~TerminalReporter() { clear_bar(); }

void TerminalReporter::clear_bar() {
  if (!bar_shown_) return;
  std::fputs("\r\033[K", out_);
  bar_shown_ = false;
}

void TerminalReporter::progress(const train::Progress& p) {
  if (muted_) return;
  const auto now = std::chrono::steady_clock::now();
  if (terminal_) {
    // Redrawing more than ~10 times a second only costs time.
    if (bar_shown_ && now - last_ < std::chrono::milliseconds(100)) return;
    // One column short of the width: a line that fills the last column wraps on some terminals, and
    // every redraw would then leave a line behind. Read on every redraw, so a resized window is followed.
    const size_t width = terminal_width(out_);
    std::fprintf(out_, "\r\033[K%s", fit(fields(p, true), width > 1 ? width - 1 : 1).c_str());
    std::fflush(out_);
    bar_shown_ = true;
  } else {
    if (std::chrono::duration<double>(now - last_).count() < plain_interval_) return;
    std::fprintf(out_, "%s\n", joined(fields(p, false)).c_str());
    std::fflush(out_);
  }
  last_ = now;
}

std::string shell_word(const std::string& word) {
  constexpr char kPlain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+./,:=@%";
  if (!word.empty() && word.find_first_not_of(kPlain) == std::string::npos) return word;
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

void note_next_commands(train::Reporter& reporter, const std::vector<std::string>& commands) {
  for (const std::string& command : commands) reporter.note("next: " + command);
}

void TerminalReporter::note(const std::string& line) {
  if (muted_) return;
  clear_bar();
  std::fprintf(out_, "%s\n", with_option_names(line).c_str());
  std::fflush(out_);
}

}  // namespace lstmkit::cli
