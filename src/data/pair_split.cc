#include "lstmkit/data/pair_split.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>
#include <string_view>
#include <system_error>
#include <unordered_map>

#include "lstmkit/error.h"
#include "lstmkit/io/atomic_file.h"
#include "lstmkit/io/input_file.h"
#include "lstmkit/rng.h"

namespace lstmkit::data {

std::vector<std::vector<size_t>> group_by_source(const std::vector<TextPair>& pairs) {
  std::vector<std::vector<size_t>> groups;
  std::unordered_map<std::string_view, size_t> group_of;  // views into `pairs`, which outlive the map
  for (size_t i = 0; i < pairs.size(); ++i) {
    const auto [it, added] = group_of.emplace(pairs[i].source, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  return groups;
}

PairSplit split_by_source(const std::vector<TextPair>& pairs, const SourceSplitOptions& options) {
  if (!(options.val_frac >= 0.0 && options.val_frac < 1.0))
    throw Error("validation split", "fraction " + std::to_string(options.val_frac) + " is outside [0, 1)",
                "hold out e.g. 0.1 of the sources, or 0 for no validation");
  const std::vector<std::vector<size_t>> groups = group_by_source(pairs);
  const size_t n = groups.size();
  const size_t val_count = options.val_sources > 0
                               ? options.val_sources
                               : static_cast<size_t>(std::llround(static_cast<double>(n) * options.val_frac));
  if (val_count >= n)
    throw Error("validation split",
                "holding out " + std::to_string(val_count) + " of the " + std::to_string(n) +
                    " distinct source sentences leaves none for training",
                "hold out fewer sources or give more pairs");
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  Rng rng(options.seed);
  for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);  // Fisher–Yates
  PairSplit split;
  for (size_t k = 0; k < n; ++k) {
    std::vector<size_t>& side = k < val_count ? split.val : split.train;
    side.insert(side.end(), groups[order[k]].begin(), groups[order[k]].end());
  }
  std::sort(split.val.begin(), split.val.end());
  std::sort(split.train.begin(), split.train.end());
  return split;
}

std::vector<SourceReferences> references_by_source(const std::vector<TextPair>& pairs,
                                                   const std::vector<size_t>& indices) {
  std::vector<SourceReferences> out;
  std::unordered_map<std::string_view, size_t> slot;
  for (const size_t i : indices) {
    const TextPair& p = pairs.at(i);
    const auto [it, added] = slot.emplace(p.source, out.size());
    if (added) out.push_back({p.source, {}});
    out[it->second].references.push_back(p.target);
  }
  return out;
}

namespace {

std::string tsv(const std::vector<TextPair>& pairs, const std::vector<size_t>& indices) {
  std::string text;
  for (const size_t i : indices) text += pairs.at(i).source + "\t" + pairs.at(i).target + "\n";
  return text;
}

// True when `path` already holds `bytes`; false when it does not exist; an Error when it holds others.
bool already_written(const std::filesystem::path& path, const std::string& bytes) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return false;
  if (io::read_input_file(path.string()) == bytes) return true;
  throw Error(path.string(), "exists and holds other pairs than this split",
              "remove it, or write the split into another directory");
}

}  // namespace

void write_split(const std::filesystem::path& dir, const std::vector<TextPair>& pairs, const PairSplit& split) {
  const std::filesystem::path paths[] = {dir / "train.tsv", dir / "valid.tsv"};
  const std::string texts[] = {tsv(pairs, split.train), tsv(pairs, split.val)};
  const bool done[] = {already_written(paths[0], texts[0]), already_written(paths[1], texts[1])};
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(dir.string(), "cannot create the directory: " + ec.message(), "check the path and permissions");
  for (int k = 0; k < 2; ++k) {
    if (done[k]) continue;
    const std::span<const std::byte> bytes = std::as_bytes(std::span(texts[k]));
    io::write_file_atomically(paths[k], std::span(&bytes, 1));
  }
}

}  // namespace lstmkit::data
