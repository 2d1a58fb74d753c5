#include "lstmkit/data/series.h"

#include "lstmkit/error.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::data {

namespace {
std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + text::printable(n);
  return out;
}
}  // namespace

size_t Series::rows() const { return columns.empty() ? 0 : columns.front().size(); }

size_t Series::column_index(std::string_view name) const {
  for (size_t c = 0; c < names.size(); ++c)
    if (names[c] == name) return c;
  throw Error("series", "no column '" + text::printable(name) + "'", "columns are: " + joined(names));
}

const std::vector<float>& Series::column(std::string_view name) const { return columns[column_index(name)]; }

std::vector<std::string> Series::feature_names() const {
  std::vector<std::string> out;
  for (size_t c : features) out.push_back(names.at(c));
  return out;
}

std::vector<std::string> Series::target_names() const {
  std::vector<std::string> out;
  for (size_t c : targets) out.push_back(names.at(c));
  return out;
}

void Series::check() const {
  if (names.size() != columns.size())
    throw Error("series",
                std::to_string(names.size()) + " names for " + std::to_string(columns.size()) + " columns");
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].size() != rows())
      throw Error("series", "column '" + text::printable(names[c]) + "' has " + std::to_string(columns[c].size()) +
                                " rows, the first has " + std::to_string(rows()));
    for (size_t d = 0; d < c; ++d)
      if (names[d] == names[c]) throw Error("series", "column name '" + text::printable(names[c]) + "' repeats");
  }
  if (features.empty() || targets.empty()) throw Error("series", "no feature or no target column chosen");
  for (size_t c : features)
    if (c >= columns.size()) throw Error("series", "feature index " + std::to_string(c) + " out of range");
  for (size_t c : targets)
    if (c >= columns.size()) throw Error("series", "target index " + std::to_string(c) + " out of range");
}

Series univariate(std::string name, std::vector<float> values) {
  Series s;
  s.names.push_back(std::move(name));
  s.columns.push_back(std::move(values));
  s.features = {0};
  s.targets = {0};
  return s;
}

}  // namespace lstmkit::data
