#include "lstmkit/infer/chrf.h"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "lstmkit/error.h"
#include "lstmkit/infer/bleu.h"

namespace lstmkit::infer {

namespace {

constexpr double kBeta = 2.0;

// The line without white space, and where each of its code points starts (plus the end), so that
// text.substr(starts[i], starts[i + n] − starts[i]) is the character n-gram at i.
struct Characters {
  std::string text;
  std::vector<size_t> starts;
};

Characters characters(std::string_view line) {
  Characters c;
  for (std::string_view piece : split_whitespace(line)) c.text.append(piece);
  for (size_t i = 0; i < c.text.size(); ++i)
    if ((static_cast<unsigned char>(c.text[i]) & 0xC0) != 0x80) c.starts.push_back(i);  // not a continuation byte
  c.starts.push_back(c.text.size());
  return c;
}

std::unordered_map<std::string_view, int64_t> ngrams(const Characters& c, size_t n) {
  std::unordered_map<std::string_view, int64_t> counts;
  const size_t length = c.starts.size() - 1;
  for (size_t i = 0; i + n <= length; ++i)
    ++counts[std::string_view(c.text).substr(c.starts[i], c.starts[i + n] - c.starts[i])];
  return counts;
}

}  // namespace

ChrfStats& ChrfStats::operator+=(const ChrfStats& o) {
  for (int n = 0; n < kChrfOrder; ++n) {
    hyp[n] += o.hyp[n];
    ref[n] += o.ref[n];
    match[n] += o.match[n];
  }
  return *this;
}

ChrfStats chrf_stats(std::string_view hypothesis, std::string_view reference) {
  return chrf_stats(hypothesis, std::vector<std::string>{std::string(reference)});
}

ChrfStats chrf_stats(std::string_view hypothesis, const std::vector<std::string>& references) {
  if (references.empty())
    throw Error("chrF", "a hypothesis without a reference", "give every hypothesis at least one reference");
  const Characters h = characters(hypothesis);
  std::array<std::unordered_map<std::string_view, int64_t>, kChrfOrder> hyp;
  for (int n = 1; n <= kChrfOrder; ++n) hyp[n - 1] = ngrams(h, n);
  ChrfStats best;
  double best_score = -1.0;
  for (const std::string& reference : references) {
    const Characters r = characters(reference);
    ChrfStats s;
    for (int n = 1; n <= kChrfOrder; ++n) {
      const auto ref = ngrams(r, n);
      int64_t hyp_count = 0, matches = 0, ref_count = 0;
      for (const auto& [gram, count] : hyp[n - 1]) {
        hyp_count += count;
        if (const auto it = ref.find(gram); it != ref.end()) matches += std::min(count, it->second);
      }
      for (const auto& entry : ref) ref_count += entry.second;
      s.hyp[n - 1] = ref.empty() ? 0 : hyp_count;  // sacreBLEU counts no hypothesis n-grams without a reference one
      s.ref[n - 1] = ref_count;
      s.match[n - 1] = matches;
    }
    if (const double score = compute_chrf(s); score > best_score) {
      best_score = score;
      best = s;
    }
  }
  return best;
}

double compute_chrf(const ChrfStats& s) {
  double precision = 0, recall = 0;
  int effective = 0;
  for (int n = 0; n < kChrfOrder; ++n) {
    if (s.hyp[n] == 0 || s.ref[n] == 0) continue;
    precision += static_cast<double>(s.match[n]) / static_cast<double>(s.hyp[n]);
    recall += static_cast<double>(s.match[n]) / static_cast<double>(s.ref[n]);
    ++effective;
  }
  if (effective == 0) return 0.0;
  precision /= effective;
  recall /= effective;
  if (precision + recall == 0) return 0.0;
  const double b2 = kBeta * kBeta;
  return 100.0 * (1 + b2) * precision * recall / (b2 * precision + recall);
}

double corpus_chrf(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references) {
  std::vector<std::vector<std::string>> each;
  each.reserve(references.size());
  for (const std::string& r : references) each.push_back({r});
  return corpus_chrf(hypotheses, each);
}

double corpus_chrf(const std::vector<std::string>& hypotheses, const std::vector<std::vector<std::string>>& references) {
  if (hypotheses.size() != references.size())
    throw Error("chrF", std::to_string(hypotheses.size()) + " hypotheses for " +
                            std::to_string(references.size()) + " sets of references",
                "give one hypothesis per source sentence");
  ChrfStats total;
  for (size_t i = 0; i < hypotheses.size(); ++i) total += chrf_stats(hypotheses[i], references[i]);
  return compute_chrf(total);
}

}  // namespace lstmkit::infer
