#include "lstmkit/optim/state.h"

#include <charconv>
#include <cmath>
#include <system_error>

#include "lstmkit/error.h"

namespace lstmkit::optim {
namespace {

const char* const kResumeHint = "resume from a checkpoint written by lstmkit, or train without `resume`";

}  // namespace

std::string format_exact(double x) {
  // std::to_chars without a precision gives the shortest text that round-trips; it spells the
  // non-finite values "inf", "-inf" and "nan" (sign of NaN dropped: it carries no state).
  if (std::isnan(x)) return "nan";
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, result.ptr);
}

std::string format_exact(int64_t x) { return std::to_string(x); }

const std::string& read_text(const ScalarState& state, const std::string& key, const std::string& source) {
  const auto it = state.find(key);
  if (it == state.end()) throw Error(source, "training state has no \"" + key + "\"", kResumeHint);
  return it->second;
}

double read_double(const ScalarState& state, const std::string& key, const std::string& source) {
  const std::string& text = read_text(state, key, source);
  double x = 0.0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), x);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size())
    throw Error(source, "training state \"" + key + "\" is \"" + text + "\", not a number", kResumeHint);
  return x;
}

int64_t read_int(const ScalarState& state, const std::string& key, const std::string& source) {
  const std::string& text = read_text(state, key, source);
  int64_t x = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), x);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size())
    throw Error(source, "training state \"" + key + "\" is \"" + text + "\", not an integer", kResumeHint);
  return x;
}

}  // namespace lstmkit::optim
