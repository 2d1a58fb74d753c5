#pragma once
// The files of a job on a model of several series: one plot per series, each in its own units and scale
// (lines of a series in thousands and one in tens on one plot would flatten the small one), named by the
// series' id.
#include <cstddef>
#include <string>
#include <vector>

namespace lstmkit::jobs {

// "<stem>-<id>.png" for series k of `ids`: any character of the id but letters, digits, '.', '-' and '_'
// written as '_' (an id never names another directory), and "-<k+1>" after a name that is empty or
// taken by an earlier series of `ids`.
std::string series_plot_name(const std::string& stem, const std::vector<std::string>& ids, size_t k);

}  // namespace lstmkit::jobs
