#pragma once
#include <string>
#include <vector>

namespace lstmkit::cli {

// The candidate closest to `word` by edit distance, or "" when none is close enough to be a typo.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace lstmkit::cli
