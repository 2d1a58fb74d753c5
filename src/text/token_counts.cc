#include "lstmkit/text/token_counts.h"

#include <algorithm>

namespace lstmkit::text {

void TokenCounts::add(const std::vector<std::string>& tokens) {
  for (const auto& token : tokens) add(token);
}

void TokenCounts::add(std::string_view token, size_t times) {
  auto it = counts_.find(token);
  if (it == counts_.end()) it = counts_.emplace(std::string(token), 0).first;
  it->second += times;
  total_ += times;
}

size_t TokenCounts::count(std::string_view token) const {
  const auto it = counts_.find(token);
  return it == counts_.end() ? 0 : it->second;
}

std::vector<TokenCount> TokenCounts::ranked() const {
  std::vector<TokenCount> ranking;
  ranking.reserve(counts_.size());
  for (const auto& [token, count] : counts_) ranking.push_back({token, count});
  // std::string compares as unsigned bytes (char_traits<char>::compare), i.e. code point order.
  std::sort(ranking.begin(), ranking.end(), [](const TokenCount& a, const TokenCount& b) {
    return a.count != b.count ? a.count > b.count : a.token < b.token;
  });
  return ranking;
}

std::vector<TokenCount> TokenCounts::top(size_t k) const {
  std::vector<TokenCount> ranking = ranked();
  if (ranking.size() > k) ranking.resize(k);
  return ranking;
}

std::vector<TokenCount> TokenCounts::select(const VocabLimits& limits) const {
  std::vector<TokenCount> kept = ranked();
  // Ranked by descending count, so the tokens below min_count form the tail.
  const auto rare = std::find_if(kept.begin(), kept.end(),
                                 [&](const TokenCount& t) { return t.count < limits.min_count; });
  kept.erase(rare, kept.end());
  if (limits.max_vocab > 0 && kept.size() > limits.max_vocab) kept.resize(limits.max_vocab);
  return kept;
}

double TokenCounts::coverage(const VocabLimits& limits) const {
  if (total_ == 0) return 1.0;
  size_t covered = 0;
  for (const auto& t : select(limits)) covered += t.count;
  return static_cast<double>(covered) / static_cast<double>(total_);
}

}  // namespace lstmkit::text
