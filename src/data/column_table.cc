#include "lstmkit/data/column_table.h"

#include "lstmkit/io/crc32.h"

namespace lstmkit::data {

std::string fingerprint(const ColumnTable& table) {
  uint32_t crc = 0;
  auto add_text = [&](const std::string& text) {
    // The length first, so that ("ab", "c") and ("a", "bc") differ.
    const uint64_t size = text.size();
    crc = io::crc32(&size, sizeof size, crc);
    crc = io::crc32(text.data(), text.size(), crc);
  };
  size_t rows = 0;
  for (const MemoryColumn& column : table.columns) {
    add_text(column.name);
    rows = column.rows();
    if (column.is_text)
      for (const std::string& text : column.texts) add_text(text);
    else
      crc = io::crc32(column.numbers.data(), column.numbers.size() * sizeof(float), crc);
  }
  return std::to_string(rows) + " rows, crc32 " + io::crc32_to_hex(crc);
}

}  // namespace lstmkit::data
