#pragma once
// Corpus chrF exactly as sacreBLEU 2.x computes it by default (CHRF(): character n-grams of orders 1..6,
// no word n-grams, β = 2, case kept, white space removed, no epsilon smoothing):
//   - white space (Python's str.split() set) is removed from each line; characters are code points;
//   - for each order n: hypothesis n-grams, reference n-grams and clipped matches, summed over the corpus
//     (a sentence whose reference is too short to have n-grams of order n adds no hypothesis n-grams
//     of that order either);
//   - precision and recall averaged over the orders where both sides have n-grams ("effective order");
//   - chrF = 100 · (1 + β²) P R / (β² P + R), 0 when P + R = 0;
//   - with several references, each sentence adds the statistics of the reference whose own chrF
//     against the hypothesis is highest (the first of equals), as sacreBLEU 2.x does.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lstmkit::infer {

inline constexpr int kChrfOrder = 6;

struct ChrfStats {
  std::array<int64_t, kChrfOrder> hyp = {};    // hypothesis n-grams, n = 1..6
  std::array<int64_t, kChrfOrder> ref = {};    // reference n-grams
  std::array<int64_t, kChrfOrder> match = {};  // clipped matches
  ChrfStats& operator+=(const ChrfStats& other);
};

ChrfStats chrf_stats(std::string_view hypothesis, std::string_view reference);
// The statistics of the best-scoring of `references` (at least one: lstmkit::Error otherwise).
ChrfStats chrf_stats(std::string_view hypothesis, const std::vector<std::string>& references);
// chrF in [0, 100] (β = 2).
double compute_chrf(const ChrfStats& stats);
// references[i] are hypotheses[i]'s references (one, or several). Throws lstmkit::Error when the two
// lists differ in length.
double corpus_chrf(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references);
double corpus_chrf(const std::vector<std::string>& hypotheses, const std::vector<std::vector<std::string>>& references);

}  // namespace lstmkit::infer
