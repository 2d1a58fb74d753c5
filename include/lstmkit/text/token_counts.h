#pragma once
// How often each token occurs in a corpus: the ranking a vocabulary is cut from, the listing of the
// most frequent tokens, and the coverage a vocabulary size would reach.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lstmkit::text {

// Which tokens a vocabulary keeps (specials aside).
struct VocabLimits {
  size_t max_vocab = 0;  // keep at most this many tokens, the most frequent first; 0: no limit
  size_t min_count = 1;  // drop tokens seen fewer times than this
};

// Hash for maps keyed by std::string that are looked up with a std::string_view (no copy per lookup).
struct TransparentStringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct TokenCount {
  std::string token;
  size_t count = 0;
};

class TokenCounts {
 public:
  TokenCounts() = default;
  explicit TokenCounts(const std::vector<std::string>& tokens) { add(tokens); }

  void add(const std::vector<std::string>& tokens);
  void add(std::string_view token, size_t times = 1);

  size_t total() const { return total_; }  // tokens counted, repeats included
  size_t distinct() const { return counts_.size(); }
  size_t count(std::string_view token) const;

  // Every distinct token, most frequent first; equal counts in byte order of the token, so the ranking
  // (and every vocabulary cut from it) is the same on every run and machine.
  std::vector<TokenCount> ranked() const;
  // The first `k` of ranked().
  std::vector<TokenCount> top(size_t k) const;
  // The tokens a vocabulary keeps under `limits`, in ranked() order.
  std::vector<TokenCount> select(const VocabLimits& limits) const;
  // Fraction of the counted tokens (repeats included) that select(limits) covers; 1 when nothing was
  // counted, as there is nothing left uncovered.
  double coverage(const VocabLimits& limits) const;

 private:
  std::unordered_map<std::string, size_t, TransparentStringHash, std::equal_to<>> counts_;
  size_t total_ = 0;
};

}  // namespace lstmkit::text
