#include "option_checks.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <sstream>
#include <typeinfo>

#include "lstmkit/error.h"

namespace lstmkit::cli {

namespace {

struct Bound {
  long double min, max;
  const char* why;             // what the upper bound protects, for the hint
  bool below_max = false;      // max itself is out of range
};

constexpr long double kNoMax = INFINITY;

// Upper bounds sit far above any sensible run and far below sizes that would exhaust memory or run for
// hours without output; the lower bounds are the options' documented ranges (0 = off where the help says so).
const std::map<std::string, Bound>& bounds() {
  static const std::map<std::string, Bound> table = {
      {"hidden", {1, 65'536, "larger layers do not fit in memory"}},
      {"embed", {0, 65'536, "larger embeddings do not fit in memory"}},
      {"layers", {1, 256, ""}},
      {"input", {1, 10'000'000, ""}},
      {"head", {0, 10'000'000, ""}},
      {"batch", {1, 1'000'000, ""}},
      {"epochs", {1, 1'000'000, ""}},
      {"seq-len", {1, 1'000'000, ""}},
      {"window", {1, 1'000'000, ""}},
      {"difference", {1, 1'000'000, ""}},
      {"output-steps", {1, 100'000, ""}},
      {"horizon", {1, 1'000'000, ""}},
      {"threads", {0, 1'024, ""}},
      {"steps", {0, 1'000'000, "a longer closed loop runs for hours"}},
      {"season", {0, 10'000'000, ""}},
      {"max-len", {0, 10'000, "a longer output runs for hours per line"}},
      {"beam", {1, 256, ""}},
      {"n-best", {1, 256, ""}},
      {"length", {0, 100'000'000, ""}},
      {"count", {1, 1'000'000, ""}},
      {"top-k", {0, 10'000'000, ""}},
      {"sequences", {1, 1'000'000, ""}},
      {"limit", {0, kNoMax, ""}},
      {"max-vocab", {0, 100'000'000, ""}},
      {"min-count", {1, kNoMax, ""}},
      {"top", {0, kNoMax, ""}},
      {"eval-every", {0, kNoMax, ""}},
      {"patience", {0, kNoMax, ""}},
      {"clip", {0, kNoMax, ""}},
      {"val-frac", {0, 1, "some data must be left to train on", true}},
      {"dropout", {0, 1, "a layer that drops every unit passes nothing on", true}},
      {"noise", {0, kNoMax, ""}},
      {"lr-decay-every", {1, kNoMax, ""}},
      {"lr-decay-after", {0, kNoMax, ""}},
      {"lr-patience", {0, kNoMax, ""}},
      {"lr-cooldown", {0, kNoMax, ""}},
  };
  return table;
}

bool is_unsigned(const std::type_info& t) {
  return t == typeid(unsigned) || t == typeid(unsigned long) || t == typeid(unsigned long long);
}

// The option's value as a number, if it is one.
std::optional<long double> number(const boost::any& value) {
  if (const auto* v = boost::any_cast<int>(&value)) return *v;
  if (const auto* v = boost::any_cast<long>(&value)) return *v;
  if (const auto* v = boost::any_cast<long long>(&value)) return *v;
  if (const auto* v = boost::any_cast<unsigned>(&value)) return *v;
  if (const auto* v = boost::any_cast<unsigned long>(&value)) return *v;
  if (const auto* v = boost::any_cast<unsigned long long>(&value)) return *v;
  if (const auto* v = boost::any_cast<float>(&value)) return *v;
  if (const auto* v = boost::any_cast<double>(&value)) return *v;
  return std::nullopt;
}

// Every number of the option's value: one, or each of a repeated option's.
std::vector<long double> numbers(const boost::any& value) {
  if (const auto* v = boost::any_cast<std::vector<long long>>(&value)) return {v->begin(), v->end()};
  if (const std::optional<long double> x = number(value)) return {*x};
  return {};
}

std::string text(long double x) {
  std::ostringstream out;
  out.precision(17);
  out << x;
  return out.str();
}

}  // namespace

void check_option_values(const po::options_description& options, const po::parsed_options& parsed,
                         const po::variables_map& vm) {
  for (const po::option& o : parsed.options) {
    const po::option_description* d = options.find_nothrow(o.string_key, false);
    const auto* typed = d ? dynamic_cast<const po::typed_value_base*>(d->semantic().get()) : nullptr;
    if (!typed || !is_unsigned(typed->value_type())) continue;
    for (const std::string& token : o.value)
      if (token.find('-') != std::string::npos)
        throw UsageError("--" + o.string_key, "must not be negative", "got " + token);
  }
  for (const auto& [name, value] : vm)
    for (const long double x : numbers(value.value())) {
      if (!std::isfinite(x)) throw UsageError("--" + name, "must be a finite number", "got " + text(x));
      const auto bound = bounds().find(name);
      if (bound == bounds().end()) continue;
      const Bound& b = bound->second;
      if (x < b.min)
        throw UsageError("--" + name, b.min == 0 ? "must not be negative" : "must be at least " + text(b.min),
                         "got " + text(x));
      if (x > b.max || (b.below_max && x == b.max))
        throw UsageError("--" + name, (b.below_max ? "must be below " : "must be at most ") + text(b.max),
                         std::string(*b.why ? std::string(b.why) + "; " : "") + "got " + text(x));
    }
}

}  // namespace lstmkit::cli
