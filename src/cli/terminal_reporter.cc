#include "terminal_reporter.h"

#include <unistd.h>

#include <cmath>
#include <string>

namespace lstmkit::cli {

namespace {
std::string duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  else
    std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  return buf;
}

std::string rate(double r) {
  char buf[32];
  if (r >= 1e4)
    std::snprintf(buf, sizeof buf, "%.1fk", r / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f", r);
  return buf;
}

std::string describe(const train::Progress& p) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "epoch %d/%d  %lld/%lld  loss %.4f  val %s  %s %s/s  lr %.3g  ETA %s",
                p.epoch, p.epochs, static_cast<long long>(p.batch), static_cast<long long>(p.batches),
                p.train_loss, p.val_loss ? std::to_string(*p.val_loss).substr(0, 6).c_str() : "-",
                rate(p.rate).c_str(), p.unit.c_str(), p.lr, duration(p.eta_seconds).c_str());
  return buf;
}
}  // namespace

TerminalReporter::TerminalReporter(std::FILE* out, double plain_interval)
    : out_(out), terminal_(isatty(fileno(out)) != 0), plain_interval_(plain_interval),
      last_(std::chrono::steady_clock::now()) {}

TerminalReporter::~TerminalReporter() { clear_bar(); }

void TerminalReporter::clear_bar() {
  if (!bar_shown_) return;
  std::fputs("\r\033[K", out_);
  bar_shown_ = false;
}

void TerminalReporter::progress(const train::Progress& p) {
  const auto now = std::chrono::steady_clock::now();
  if (terminal_) {
    // Redrawing more than ~10 times a second only costs time.
    if (bar_shown_ && now - last_ < std::chrono::milliseconds(100)) return;
    constexpr int kWidth = 20;
    const int filled = p.batches > 0 ? static_cast<int>(kWidth * p.batch / p.batches) : 0;
    std::fprintf(out_, "\r\033[K[%s%s] %s", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, '.').c_str(), describe(p).c_str());
    std::fflush(out_);
    bar_shown_ = true;
  } else {
    if (std::chrono::duration<double>(now - last_).count() < plain_interval_) return;
    std::fprintf(out_, "%s\n", describe(p).c_str());
    std::fflush(out_);
  }
  last_ = now;
}

void TerminalReporter::note(const std::string& line) {
  clear_bar();
  std::fprintf(out_, "%s\n", line.c_str());
  std::fflush(out_);
}

}  // namespace lstmkit::cli
