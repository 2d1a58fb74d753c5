// `lstmkit vocab`: what a text looks like to a model — token count, vocabulary size, the most frequent
// tokens and the share of the text a vocabulary size covers.
#include <cstdio>
#include <iostream>
#include <string>

#include "command.h"
#include "option_groups.h"
#include "standard_output.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/format.h"
#include "lstmkit/text/corpus.h"
#include "lstmkit/text/token_counts.h"
#include "lstmkit/text/visible_token.h"
#include "lstmkit/text/vocab.h"
#include "text_options.h"

namespace lstmkit::cli {

namespace {

struct VocabConfig {
  std::string path;
  text::TextOptions text;
  text::VocabLimits limits;
  size_t top = 20;
};

void declare(po::options_description& o) {
  add_options(o, OptionGroup::data)("text", po::value<std::string>(), "UTF-8 text file to analyse (-: stdin)", Need::required);
  declare_text_options(o);
  declare_vocab_limits(o);
  o.add_options()("top", po::value<long long>()->default_value(20), "how many of the most frequent tokens to list");
}

// Every option is checked here, before the text is read.
VocabConfig parse(const po::variables_map& vm) {
  if (!vm.count("text"))
    throw UsageError("vocab", "missing --text", "give a UTF-8 text file, e.g. `lstmkit vocab --text input.txt`");
  VocabConfig c;
  c.path = vm["text"].as<std::string>();
  c.text = read_text_options(vm);
  c.limits = read_vocab_limits(vm);
  const long long top = vm["top"].as<long long>();
  if (top < 0) throw UsageError("--top", "must not be negative", "use 0 to list no tokens");
  c.top = static_cast<size_t>(top);
  return c;
}

std::string percent(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f%%", 100.0 * fraction);
  return buffer;
}

std::string right(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

std::string limits_text(const text::VocabLimits& limits) {
  std::string s;
  if (limits.max_vocab > 0) s += "--max-vocab " + std::to_string(limits.max_vocab);
  if (limits.min_count > 1)
    s += std::string(s.empty() ? "" : ", ") + "--min-count " + std::to_string(limits.min_count);
  return s;
}

void print_report(const VocabConfig& c, const text::TokenCounts& counts, const text::Vocab& vocab) {
  const size_t kept = static_cast<size_t>(vocab.size() - text::kSpecialCount);
  std::cout << "text        " << c.path << " (unit " << text::unit_name(c.text.unit) << ", normalize "
            << text::normalization_name(c.text.normalize) << ")\n"
            << "tokens      " << with_commas(counts.total()) << "\n"
            << "distinct    " << with_commas(counts.distinct()) << "\n"
            << "vocabulary  " << with_commas(vocab.size()) << " ids = " << with_commas(kept) << " tokens + "
            << text::kSpecialCount << " specials (<pad> <unk> <s> </s>)";
  if (kept < counts.distinct()) std::cout << ", cut by " << limits_text(c.limits);
  std::cout << "\n"
            << "coverage    " << percent(counts.coverage(c.limits)) << " of the tokens are in the vocabulary"
            << (kept < counts.distinct() ? " (the rest become <unk>)" : "") << "\n";

  const auto top = counts.top(c.top);
  if (top.empty()) return;
  std::cout << "\nmost frequent tokens\n"
            << "   rank        count    share  token\n";
  for (size_t i = 0; i < top.size(); ++i) {
    const double share = static_cast<double>(top[i].count) / static_cast<double>(counts.total());
    // The token comes last: its display width varies (wide CJK, emoji), the numbers' does not.
    std::cout << right(std::to_string(i + 1), 7) << right(with_commas(top[i].count), 13)
              << right(percent(share), 9) << "  " << text::visible_token(top[i].token) << "\n";
  }
}

int run(const po::variables_map& vm) {
  const VocabConfig c = parse(vm);
  const text::Corpus corpus = read_corpus_argument(c.path, c.text);
  if (corpus.replaced > 0)
    std::cerr << "lstmkit: warning: " << c.path << ": replaced " << with_commas(corpus.replaced)
              << " invalid UTF-8 sequence" << (corpus.replaced == 1 ? "" : "s") << " with U+FFFD\n";
  const text::TokenCounts counts(corpus.tokens);
  const text::Vocab vocab = text::Vocab::build(counts, c.text.unit, c.text.normalize, c.limits);
  print_report(c, counts, vocab);
  return kExitOk;
}

}  // namespace

Command vocab_command() {
  return Command{"vocab", "count a text's tokens and show the vocabulary it gives (grapheme clusters or words)",
                 declare, run, "", 0, ""};
}

}  // namespace lstmkit::cli
