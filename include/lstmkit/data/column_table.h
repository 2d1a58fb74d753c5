#pragma once
// Named columns already in memory (Python's numpy arrays), read as a CSV file of the same columns would be
// read (data::read_columns in csv_reader.h): the same column choices, the same checks, the same fill
// policy, with no file written.
#include <cstddef>
#include <string>
#include <vector>

namespace lstmkit::data {

struct MemoryColumn {
  std::string name;
  // A column of numbers, or of texts (a time, label, group or series id column), never both. A NaN or
  // infinite number and an empty text are missing values, left to the fill policy as in a file.
  std::vector<float> numbers;      // [R] when !is_text
  std::vector<std::string> texts;  // [R] when is_text
  bool is_text = false;

  size_t rows() const { return is_text ? texts.size() : numbers.size(); }
};

struct ColumnTable {
  std::vector<MemoryColumn> columns;  // in the order a file would hold them; all of one length
};

// "R rows, crc32 XXXXXXXX" over the names and values: a checkpoint records this instead of the values,
// so that the same arrays given again are recognised as the model's own data.
std::string fingerprint(const ColumnTable& table);

}  // namespace lstmkit::data
