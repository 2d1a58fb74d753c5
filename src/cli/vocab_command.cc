// `lstmkit vocab`: what a text looks like to a model — token count, vocabulary size, the most frequent
// tokens and the share of the text a vocabulary size covers.
#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "command.h"
#include "option_groups.h"
#include "standard_output.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/format.h"
#include "lstmkit/jobs/vocab.h"
#include "lstmkit/text/visible_token.h"
#include "text_options.h"

namespace lstmkit::cli {

namespace {

struct VocabConfig {
  jobs::VocabConfig job;
  std::string path;
  size_t top = 20;
};

void declare(po::options_description& o) {
  add_options(o, OptionGroup::data)("text", po::value<std::string>(), "UTF-8 text file to analyse (-: stdin)", Need::required);
  declare_text_options(o, Subwords::yes);
  declare_vocab_limits(o);
  o.add_options()("top", po::value<long long>()->default_value(20), "how many of the most frequent tokens to list");
  declare_json_option(o);
}

// Every option is checked here, before the text is read.
VocabConfig parse(const po::variables_map& vm) {
  if (!vm.count("text"))
    throw UsageError("vocab", "missing --text", "give a UTF-8 text file, e.g. `lstmkit vocab --text input.txt`");
  VocabConfig c;
  c.path = vm["text"].as<std::string>();
  c.job.text = read_text_options(vm);
  c.job.limits = read_vocab_limits(vm);
  if (text::is_subword(c.job.text.unit)) {
    c.job.vocab_size = read_subword_vocab_size(vm);
    if (c.path == "-")
      throw UsageError("--text", "'-' (stdin) cannot be read for subword units yet",
                       "save the text to a file and give its path");
  }
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

void print_report(const VocabConfig& c, const jobs::VocabReport& report) {
  const text::TokenCounts& counts = report.counts;
  const text::Vocab& vocab = report.vocab;
  const size_t kept = static_cast<size_t>(vocab.size() - text::kSpecialCount);
  const bool subword = text::is_subword(c.job.text.unit);
  const double covered = report.coverage;
  std::cout << "text        " << c.path << " (unit " << text::unit_name(c.job.text.unit) << ", normalize "
            << text::normalization_name(c.job.text.normalize) << ")\n"
            << "tokens      " << with_commas(counts.total()) << (subword ? " pieces of the lines (\u2581 marks a space)" : "") << "\n"
            << "distinct    " << with_commas(counts.distinct()) << "\n"
            << "vocabulary  " << with_commas(vocab.size()) << " ids = " << with_commas(kept) << (subword ? " pieces + " : " tokens + ")
            << text::kSpecialCount << " specials (<pad> <unk> <s> </s>)";
  if (subword) std::cout << ", learnt by SentencePiece for --vocab-size " << c.job.vocab_size;
  else if (kept < counts.distinct()) std::cout << ", cut by " << limits_text(c.job.limits);
  std::cout << "\n"
            << "coverage    " << percent(covered) << " of the tokens are in the vocabulary"
            << (covered < 1.0 ? " (the rest become <unk>)" : "") << "\n";

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

// The report as one JSON object: the numbers of the table, and the tokens as they are (not made visible).
void print_json(const VocabConfig& c, const jobs::VocabReport& report) {
  const text::TokenCounts& counts = report.counts;
  nlohmann::json top = nlohmann::json::array();
  for (const auto& t : counts.top(c.top))
    top.push_back({{"token", t.token}, {"count", t.count},
                   {"share", static_cast<double>(t.count) / static_cast<double>(counts.total())}});
  nlohmann::json j = {{"text", input_name(c.path)},
                      {"unit", text::unit_name(c.job.text.unit)},
                      {"normalize", text::normalization_name(c.job.text.normalize)},
                      {"tokens", counts.total()},
                      {"distinct", counts.distinct()},
                      {"vocabulary", report.vocab.size()},
                      {"specials", text::kSpecialCount},
                      {"coverage", report.coverage},
                      {"replaced", report.replaced},
                      {"top", top}};
  if (text::is_subword(c.job.text.unit)) j["vocab_size"] = c.job.vocab_size;
  // Invalid UTF-8 was replaced on reading; `replace` only guards the dump itself.
  std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void warn_replaced(const std::string& path, size_t replaced) {
  if (replaced > 0)
    std::cerr << "lstmkit: warning: " << path << ": replaced " << with_commas(replaced) << " invalid UTF-8 sequence"
              << (replaced == 1 ? "" : "s") << " with U+FFFD\n";
}

int run(const po::variables_map& vm) {
  VocabConfig c = parse(vm);
  if (c.path == "-") {
    c.job.input.text = read_stdin();
    c.job.input.text_name = "stdin";
  } else {
    c.job.input.files = {c.path};
  }
  const jobs::VocabReport report = jobs::vocab(c.job);
  warn_replaced(c.path, report.replaced);
  if (json_requested(vm)) print_json(c, report);
  else print_report(c, report);
  return kExitOk;
}

}  // namespace

Command vocab_command() {
  return Command{"vocab", "count a text's tokens and show the vocabulary it gives (grapheme clusters, words or subwords)",
                 declare, run, "", 0, ""};
}

}  // namespace lstmkit::cli
