#include "text_options.h"

#include "lstmkit/error.h"
#include "option_groups.h"
#include "training_options.h"

namespace lstmkit::cli {

namespace {

bool subword_unit(const po::variables_map& vm) { return text::is_subword(text::parse_unit(vm["unit"].as<std::string>())); }

}  // namespace

void declare_text_options(po::options_description& o, Subwords subwords) {
  if (subwords == Subwords::yes)
    add_options(o, OptionGroup::data)
        ("unit", po::value<std::string>()->default_value("char"),
         "token unit: char (grapheme clusters), word (word-break segments), or bpe or unigram (SentencePiece "
         "subwords learnt from the training pairs, --vocab-size pieces)")
        ("vocab-size", po::value<long long>()->default_value(8000), "pieces of a bpe or unigram model, the 4 specials included");
  else
    add_options(o, OptionGroup::data)
        ("unit", po::value<std::string>()->default_value("char"), "token unit: char (grapheme clusters) or word (word-break segments)");
  add_options(o, OptionGroup::data)
      ("normalize", po::value<std::string>()->default_value("nfc"), "Unicode normalisation before segmenting: nfc or none")
      ("on-invalid", po::value<std::string>()->default_value("error"), "invalid UTF-8: error, or replace with U+FFFD");
}

text::TextOptions read_text_options(const po::variables_map& vm) {
  text::TextOptions t;
  t.unit = text::parse_unit(vm["unit"].as<std::string>());
  if (text::is_subword(t.unit) && !vm.count("vocab-size"))
    throw UsageError("--unit", text::unit_name(t.unit) + " units are not available in this command",
                     "use char or word (train-s2s learns bpe and unigram units)");
  if (!text::is_subword(t.unit) && given(vm, "vocab-size"))
    throw UsageError("--vocab-size", "only applies to --unit bpe or unigram",
                     "use --max-vocab to cut a " + text::unit_name(t.unit) + " vocabulary");
  if (text::is_subword(t.unit)) read_subword_vocab_size(vm);  // checked before any data is read
  t.normalize = text::parse_normalization(vm["normalize"].as<std::string>());
  t.on_invalid = text::parse_invalid_utf8(vm["on-invalid"].as<std::string>());
  return t;
}

int read_subword_vocab_size(const po::variables_map& vm) {
  // SentencePiece's own ceiling is far above what a one-hot or embedding layer here could use.
  constexpr long long kMaxPieces = 1'000'000;
  const long long size = vm["vocab-size"].as<long long>();
  if (size <= text::kSpecialCount || size > kMaxPieces)
    throw UsageError("--vocab-size", "must be between " + std::to_string(text::kSpecialCount + 1) + " and " +
                                         std::to_string(kMaxPieces),
                     "got " + std::to_string(size) + "; e.g. 8000 for a pair of European languages");
  return static_cast<int>(size);
}

void declare_vocab_limits(po::options_description& o) {
  add_options(o, OptionGroup::data)
      ("max-vocab", po::value<long long>()->default_value(0), "keep at most this many tokens besides the 4 specials (0: all)")
      ("min-count", po::value<long long>()->default_value(1), "drop tokens seen fewer times than this");
}

text::VocabLimits read_vocab_limits(const po::variables_map& vm) {
  for (const char* name : {"max-vocab", "min-count"})
    if (given(vm, name) && subword_unit(vm))
      throw UsageError(std::string("--") + name, "does not apply to subword units",
                       "--vocab-size sets the size of a bpe or unigram vocabulary");
  const long long max_vocab = vm["max-vocab"].as<long long>();
  const long long min_count = vm["min-count"].as<long long>();
  if (max_vocab < 0) throw UsageError("--max-vocab", "must not be negative", "use 0 for no limit");
  if (min_count < 1) throw UsageError("--min-count", "must be at least 1", "got " + std::to_string(min_count));
  return {static_cast<size_t>(max_vocab), static_cast<size_t>(min_count)};
}

}  // namespace lstmkit::cli
