#include "lstmkit/jobs/series_files.h"

#include <algorithm>
#include <cctype>

namespace lstmkit::jobs {

std::string series_plot_name(const std::string& stem, const std::vector<std::string>& ids, size_t k) {
  std::vector<std::string> names;
  for (size_t j = 0; j <= k; ++j) {
    std::string name;
    for (char ch : ids.at(j))
      name += std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == '_' ? ch : '_';
    if (name.empty() || std::find(names.begin(), names.end(), name) != names.end())
      name += (name.empty() ? "" : "-") + std::to_string(j + 1);
    names.push_back(std::move(name));
  }
  return stem + "-" + names.back() + ".png";
}

}  // namespace lstmkit::jobs
