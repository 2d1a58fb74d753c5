#pragma once
// Corpus BLEU exactly as sacreBLEU 2.x computes it by default (BLEU(): tokenize="13a", smooth "exp",
// 4-grams, mixed case), so lstmkit's numbers can be compared with published ones:
//   - each line is rstrip()ed and tokenised the mteval-v13a way (tokenize_13a);
//   - clipped n-gram matches and n-gram totals are summed over the corpus, n = 1..4; with several
//     references a hypothesis n-gram is clipped to its largest count in any one reference, and the
//     sentence's reference length is the one closest to the hypothesis' (the shorter on a tie);
//   - p_n = 100·correct_n / total_n; an order with no match gets 100 / (2^k · total_n) for its k-th
//     such order ("exp" smoothing, as mteval-v13a.pl); no match of any order gives 0;
//   - BP = exp(1 − ref_len / hyp_len) when hyp_len < ref_len, else 1;
//   - BLEU = BP · exp(mean of log p_n), in [0, 100].
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lstmkit::infer {

// Python's str.split(): pieces of `text` between runs of Unicode white space (the code points Python's
// str.isspace() accepts: \t \n \v \f \r, U+001C–U+001F, space, U+0085, U+00A0, U+1680, U+2000–U+200A,
// U+2028, U+2029, U+202F, U+205F, U+3000). French text uses U+202F and U+00A0 before punctuation.
std::vector<std::string_view> split_whitespace(std::string_view text);

// sacreBLEU's Tokenizer13a: unescapes &quot; &amp; &lt; &gt;, drops "<skipped>" and "-\n", then puts
// spaces around ASCII punctuation and symbols, around . and , unless between digits, and after a dash
// that follows a digit; returns the tokens joined by single spaces.
std::string tokenize_13a(std::string_view line);

struct BleuStats {
  int64_t hyp_len = 0;                  // hypothesis tokens
  int64_t ref_len = 0;                  // reference tokens
  std::array<int64_t, 4> correct = {};  // clipped matching n-grams, n = 1..4
  std::array<int64_t, 4> total = {};    // hypothesis n-grams
  BleuStats& operator+=(const BleuStats& other);
};

struct Bleu {
  double score = 0;                       // BLEU in [0, 100]
  std::array<double, 4> precisions = {};  // p_1..p_4 in percent, smoothed as above
  double brevity_penalty = 0;
  int64_t hyp_len = 0, ref_len = 0;
};

// One sentence's sufficient statistics (both sides tokenised with tokenize_13a), against one reference
// or several (at least one: lstmkit::Error otherwise).
BleuStats bleu_stats(std::string_view hypothesis, std::string_view reference);
BleuStats bleu_stats(std::string_view hypothesis, const std::vector<std::string>& references);
Bleu compute_bleu(const BleuStats& stats);
// references[i] are hypotheses[i]'s references (one, or several). Throws lstmkit::Error when the two
// lists differ in length.
Bleu corpus_bleu(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references);
Bleu corpus_bleu(const std::vector<std::string>& hypotheses, const std::vector<std::vector<std::string>>& references);

}  // namespace lstmkit::infer
