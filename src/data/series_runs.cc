#include "lstmkit/data/series_runs.h"

#include <algorithm>
#include <unordered_map>

#include "lstmkit/text/visible_token.h"

namespace lstmkit::data {

std::vector<SeriesRun> series_runs(std::span<const std::string> ids, std::span<const size_t> lines,
                                   const std::string& source, const std::string& column) {
  std::vector<SeriesRun> runs;
  std::unordered_map<std::string_view, size_t> seen;  // id → its run; views into `ids`, which outlive the map
  for (size_t r = 0; r < ids.size(); ++r) {
    if (!runs.empty() && runs.back().id == ids[r]) {
      ++runs.back().rows;
      continue;
    }
    const auto [it, added] = seen.try_emplace(ids[r], runs.size());
    if (!added) {
      const SeriesRun& earlier = runs[it->second];
      const std::string line = r < lines.size() ? std::to_string(lines[r]) : std::to_string(r + 1);
      const std::string ended = earlier.end() - 1 < lines.size() ? std::to_string(lines[earlier.end() - 1])
                                                                 : std::to_string(earlier.end());
      throw Error(source + ":" + line,
                  "series '" + text::printable(ids[r]) + "' of column '" + text::printable(column) +
                      "' continues here, but its rows ended on line " + ended + " and series '" +
                      text::printable(runs.back().id) + "' came between",
                  "give each series' rows together, oldest first (e.g. sort the file by " + text::printable(column) +
                      " and then by time)");
    }
    runs.push_back({ids[r], r, 1, 0});
  }
  return runs;
}

std::string run_ids(std::span<const SeriesRun> runs) {
  constexpr size_t kShown = 10;
  std::string out;
  for (size_t k = 0; k < std::min(runs.size(), kShown); ++k) out += (k ? ", '" : "'") + text::printable(runs[k].id) + "'";
  if (runs.size() > kShown) out += ", ... (" + std::to_string(runs.size()) + " series)";
  return out;
}

size_t find_run(std::span<const SeriesRun> runs, const std::string& id, const std::string& option) {
  for (size_t k = 0; k < runs.size(); ++k)
    if (runs[k].id == id) return k;
  throw UsageError(option, "no series '" + text::printable(id) + "'", "the series are " + run_ids(runs));
}

WindowSplit split_run_windows(std::span<const SeriesRun> runs, const WindowSpec& spec, double val_frac,
                              const std::string& length_option) {
  WindowSplit all;
  for (const SeriesRun& run : runs) {
    const WindowSplit own =
        for_series(run.id, [&] { return split_windows(run.rows, spec, val_frac, length_option, run.skipped); });
    for (size_t s : own.train) all.train.push_back(run.begin + s);
    for (size_t s : own.validation) all.validation.push_back(run.begin + s);
  }
  return all;
}

}  // namespace lstmkit::data
