#include "text_options.h"

#include "lstmkit/error.h"
#include "option_groups.h"
#include "training_options.h"

namespace lstmkit::cli {

void declare_text_options(po::options_description& o) {
  add_options(o, OptionGroup::data)
      ("unit", po::value<std::string>()->default_value("char"), "token unit: char (grapheme clusters) or word (word-break segments)")
      ("normalize", po::value<std::string>()->default_value("nfc"), "Unicode normalisation before segmenting: nfc or none")
      ("on-invalid", po::value<std::string>()->default_value("error"), "invalid UTF-8: error, or replace with U+FFFD");
}

text::TextOptions read_text_options(const po::variables_map& vm) {
  text::TextOptions t;
  t.unit = text::parse_unit(vm["unit"].as<std::string>());
  t.normalize = text::parse_normalization(vm["normalize"].as<std::string>());
  t.on_invalid = text::parse_invalid_utf8(vm["on-invalid"].as<std::string>());
  return t;
}

void declare_vocab_limits(po::options_description& o) {
  add_options(o, OptionGroup::data)
      ("max-vocab", po::value<long long>()->default_value(0), "keep at most this many tokens besides the 4 specials (0: all)")
      ("min-count", po::value<long long>()->default_value(1), "drop tokens seen fewer times than this");
}

text::VocabLimits read_vocab_limits(const po::variables_map& vm) {
  const long long max_vocab = vm["max-vocab"].as<long long>();
  const long long min_count = vm["min-count"].as<long long>();
  if (max_vocab < 0) throw UsageError("--max-vocab", "must not be negative", "use 0 for no limit");
  if (min_count < 1) throw UsageError("--min-count", "must be at least 1", "got " + std::to_string(min_count));
  return {static_cast<size_t>(max_vocab), static_cast<size_t>(min_count)};
}

}  // namespace lstmkit::cli
