#include "lstmkit/infer/bleu.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "lstmkit/error.h"

namespace lstmkit::infer {

namespace {

// Byte length of the white-space code point at s[i] (Python's str.isspace()), or 0. Works on bytes: every
// such code point's UTF-8 form is listed, so malformed input simply counts as non-space.
size_t space_length(std::string_view s, size_t i) {
  const auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  const unsigned b0 = at(0);
  if ((b0 >= 0x09 && b0 <= 0x0D) || (b0 >= 0x1C && b0 <= 0x20)) return 1;
  if (b0 == 0xC2 && (at(1) == 0x85 || at(1) == 0xA0)) return 2;                 // U+0085, U+00A0
  if (b0 == 0xE1 && at(1) == 0x9A && at(2) == 0x80) return 3;                     // U+1680
  const unsigned b2 = at(2);
  if (b0 == 0xE2 && at(1) == 0x80 && ((b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF))
    return 3;                                                                     // U+2000–200A, 2028, 2029, 202F
  if (b0 == 0xE2 && at(1) == 0x81 && at(2) == 0x9F) return 3;                     // U+205F
  if (b0 == 0xE3 && at(1) == 0x80 && at(2) == 0x80) return 3;                     // U+3000
  return 0;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// mteval-v13a's punctuation class [{-~[-` -&(-+:-@/]: ASCII symbols except ' - . , and the digits/letters.
bool is_13a_symbol(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= '{' && u <= '~') || (u >= '[' && u <= '`') || (u >= ' ' && u <= '&') || (u >= '(' && u <= '+') ||
         (u >= ':' && u <= '@') || u == '/';
}

// One of TokenizerRegexp's two-character substitutions, with Python re.sub's semantics: scan left to
// right, replace each non-overlapping match (a, b) by `before` a `middle` b `after`, resume after it.
// Byte-wise scanning gives Python's code-point result here: only ASCII characters are tested, and the
// negated class [^0-9] at a multi-byte character matches at the byte next to the ASCII partner.
template <typename First, typename Second>
std::string substitute_pairs(const std::string& s, First first, Second second, std::string_view before,
                             std::string_view middle, std::string_view after) {
  std::string out;
  out.reserve(s.size() + s.size() / 2);
  size_t i = 0;
  while (i < s.size()) {
    if (i + 1 < s.size() && first(s[i]) && second(s[i + 1])) {
      out.append(before).push_back(s[i]);
      out.append(middle).push_back(s[i + 1]);
      out.append(after);
      i += 2;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

std::vector<std::string_view> tokens_13a(std::string_view line, std::string& storage) {
  storage = tokenize_13a(line);
  return split_whitespace(storage);
}

// Counts of every n-gram of orders 1..4, keyed by its tokens joined with spaces (tokens hold none).
using NgramCounts = std::unordered_map<std::string, int64_t>;
NgramCounts ngrams(const std::vector<std::string_view>& tokens) {
  NgramCounts counts;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string key(tokens[i]);
    ++counts[key];
    for (size_t k = 1; k < 4 && i + k < tokens.size(); ++k) ++counts[key.append(" ").append(tokens[i + k])];
  }
  return counts;
}

// sacreBLEU's _get_closest_ref_len: the reference length nearest the hypothesis', the shorter on a tie.
int64_t closest_length(int64_t hyp_len, const std::vector<int64_t>& ref_lens) {
  int64_t best = ref_lens.front();
  for (const int64_t len : ref_lens) {
    const int64_t d = std::abs(hyp_len - len), best_d = std::abs(hyp_len - best);
    if (d < best_d || (d == best_d && len < best)) best = len;
  }
  return best;
}

}  // namespace

std::vector<std::string_view> split_whitespace(std::string_view text) {
  std::vector<std::string_view> pieces;
  size_t i = 0, start = std::string_view::npos;
  while (i < text.size()) {
    const size_t space = space_length(text, i);
    if (space > 0) {
      if (start != std::string_view::npos) pieces.push_back(text.substr(start, i - start));
      start = std::string_view::npos;
      i += space;
    } else {
      if (start == std::string_view::npos) start = i;
      ++i;
    }
  }
  if (start != std::string_view::npos) pieces.push_back(text.substr(start));
  return pieces;
}

std::string tokenize_13a(std::string_view input) {
  // BLEU._preprocess_segment: rstrip(), then Tokenizer13a.
  std::vector<std::string_view> words = split_whitespace(input);
  std::string line(input.substr(0, words.empty() ? 0 : words.back().data() + words.back().size() - input.data()));
  replace_all(line, "<skipped>", "");
  replace_all(line, "-\n", "");
  replace_all(line, "\n", " ");
  replace_all(line, "&quot;", "\"");
  replace_all(line, "&amp;", "&");
  replace_all(line, "&lt;", "<");
  replace_all(line, "&gt;", ">");

  // Tokenizer13a pads the line with a space on each side before the substitutions: a leading "." or a
  // trailing "5." needs that neighbour to match.
  std::string spaced = " ";
  spaced.reserve(line.size() * 2 + 2);
  for (char c : line) {
    if (is_13a_symbol(c)) spaced.append(" ").append(1, c).append(" ");
    else spaced.push_back(c);
  }
  spaced.push_back(' ');
  const auto period_or_comma = [](char c) { return c == '.' || c == ','; };
  const auto not_digit = [](char c) { return !is_digit(c); };
  spaced = substitute_pairs(spaced, not_digit, period_or_comma, "", " ", " ");    // ([^0-9])([\.,]) → \1 \2␠
  spaced = substitute_pairs(spaced, period_or_comma, not_digit, " ", " ", "");    // ([\.,])([^0-9]) → ␠\1 \2
  spaced = substitute_pairs(spaced, is_digit, [](char c) { return c == '-'; }, "", " ", " ");  // ([0-9])(-)

  std::string out;
  for (std::string_view w : split_whitespace(spaced)) {
    if (!out.empty()) out.push_back(' ');
    out.append(w);
  }
  return out;
}

BleuStats& BleuStats::operator+=(const BleuStats& o) {
  hyp_len += o.hyp_len;
  ref_len += o.ref_len;
  for (size_t n = 0; n < 4; ++n) {
    correct[n] += o.correct[n];
    total[n] += o.total[n];
  }
  return *this;
}

BleuStats bleu_stats(std::string_view hypothesis, std::string_view reference) {
  return bleu_stats(hypothesis, std::vector<std::string>{std::string(reference)});
}

BleuStats bleu_stats(std::string_view hypothesis, const std::vector<std::string>& references) {
  if (references.empty())
    throw Error("BLEU", "a hypothesis without a reference", "give every hypothesis at least one reference");
  std::string hyp_storage, ref_storage;
  const std::vector<std::string_view> hyp = tokens_13a(hypothesis, hyp_storage);
  // sacreBLEU's _extract_reference_info: each n-gram's largest count in any one reference, and every
  // reference's length.
  NgramCounts ref_grams;
  std::vector<int64_t> ref_lens;
  for (const std::string& reference : references) {
    const std::vector<std::string_view> ref = tokens_13a(reference, ref_storage);
    ref_lens.push_back(static_cast<int64_t>(ref.size()));
    for (const auto& [gram, count] : ngrams(ref)) {
      int64_t& most = ref_grams[gram];
      most = std::max(most, count);
    }
  }
  BleuStats s;
  s.hyp_len = static_cast<int64_t>(hyp.size());
  s.ref_len = closest_length(s.hyp_len, ref_lens);
  for (const auto& [gram, count] : ngrams(hyp)) {
    const size_t n = static_cast<size_t>(std::count(gram.begin(), gram.end(), ' '));  // order − 1
    s.total[n] += count;
    if (const auto it = ref_grams.find(gram); it != ref_grams.end()) s.correct[n] += std::min(count, it->second);
  }
  return s;
}

Bleu compute_bleu(const BleuStats& s) {
  Bleu b;
  b.hyp_len = s.hyp_len;
  b.ref_len = s.ref_len;
  b.brevity_penalty = s.hyp_len < s.ref_len
                          ? (s.hyp_len > 0 ? std::exp(1.0 - static_cast<double>(s.ref_len) / s.hyp_len) : 0.0)
                          : 1.0;
  if (std::all_of(s.correct.begin(), s.correct.end(), [](int64_t c) { return c == 0; })) return b;
  double smooth = 1.0, log_sum = 0.0;
  for (size_t n = 0; n < 4; ++n) {
    if (s.total[n] == 0) return b;  // no n-grams of this order at all: sacreBLEU's log(0) gives 0
    if (s.correct[n] == 0) {
      smooth *= 2;
      b.precisions[n] = 100.0 / (smooth * static_cast<double>(s.total[n]));
    } else {
      b.precisions[n] = 100.0 * static_cast<double>(s.correct[n]) / static_cast<double>(s.total[n]);
    }
    log_sum += std::log(b.precisions[n]);
  }
  b.score = b.brevity_penalty * std::exp(log_sum / 4.0);
  return b;
}

Bleu corpus_bleu(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references) {
  std::vector<std::vector<std::string>> each;
  each.reserve(references.size());
  for (const std::string& r : references) each.push_back({r});
  return corpus_bleu(hypotheses, each);
}

Bleu corpus_bleu(const std::vector<std::string>& hypotheses, const std::vector<std::vector<std::string>>& references) {
  if (hypotheses.size() != references.size())
    throw Error("BLEU", std::to_string(hypotheses.size()) + " hypotheses for " +
                            std::to_string(references.size()) + " sets of references",
                "give one hypothesis per source sentence");
  BleuStats total;
  for (size_t i = 0; i < hypotheses.size(); ++i) total += bleu_stats(hypotheses[i], references[i]);
  return compute_bleu(total);
}

}  // namespace lstmkit::infer
