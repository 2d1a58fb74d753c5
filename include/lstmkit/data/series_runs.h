#pragma once
// `--series-column ID`: several series stacked in one table (Darts' list of series, as one file). The
// rows of a series share its id and are consecutive, oldest first; the series follow one another. A
// model trained on them cuts its windows from each series alone, each split at its own tail, so that no
// window spans two series and every series is validated on its own last rows.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "lstmkit/data/windows.h"
#include "lstmkit/error.h"

namespace lstmkit::data {

struct SeriesRun {
  std::string id;
  size_t begin = 0;    // its first row of the table
  size_t rows = 0;     // R_k
  size_t skipped = 0;  // rows its differencing dropped at the front (split_windows' `skipped`)

  size_t end() const { return begin + rows; }
};

// One run per id, in the order of the file. ids [R] each row's id, lines [R] its file line. Throws
// lstmkit::Error at `source:line` of a row whose id already had rows before another id's ("interleaved"),
// naming the line where that series ended; `column` names the id column in the message.
std::vector<SeriesRun> series_runs(std::span<const std::string> ids, std::span<const size_t> lines,
                                   const std::string& source, const std::string& column);

// The index of the run called `id`. Throws lstmkit::UsageError on `option` listing the ids when none is.
size_t find_run(std::span<const SeriesRun> runs, const std::string& id, const std::string& option);

// "'a', 'b', 'c'" (the first ids of a long list, and how many there are).
std::string run_ids(std::span<const SeriesRun> runs);

// Every run's windows as start rows of the whole table: split_windows over each run's rows (with its
// `skipped`), shifted by its begin. The split's boundary is 0: each run has its own. Throws what
// split_windows throws, the message naming the series.
WindowSplit split_run_windows(std::span<const SeriesRun> runs, const WindowSpec& spec, double val_frac,
                              const std::string& length_option = "`window`");

// Runs `f()`, rethrowing an lstmkit::Error (or UsageError, kept as one) with "series 'ID': " before its
// message, so that an error about one series of many says which.
template <class F>
auto for_series(const std::string& id, F&& f) -> decltype(f()) {
  const std::string prefix = "series '" + id + "': ";
  try {
    return f();
  } catch (const UsageError& e) {
    throw UsageError(e.where(), prefix + e.what_is_wrong(), e.hint());
  } catch (const Error& e) {
    throw Error(e.where(), prefix + e.what_is_wrong(), e.hint());
  }
}

}  // namespace lstmkit::data
