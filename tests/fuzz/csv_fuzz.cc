// Fuzzes the CSV reader, data::parse_csv (quoting, records, column selection, numbers, fill policies,
// labels and groups). The first byte of the input chooses the options; the rest is the file.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "lstmkit/data/csv_reader.h"
#include "lstmkit/error.h"

namespace {

lstmkit::data::CsvOptions options_from(uint8_t flags) {
  lstmkit::data::CsvOptions options;
  options.no_header = flags & 1;
  switch ((flags >> 1) & 3) {
    case 1: options.fill = lstmkit::data::FillPolicy::ffill; break;
    case 2: options.fill = lstmkit::data::FillPolicy::drop; break;
    default: options.fill = lstmkit::data::FillPolicy::none; break;
  }
  options.label = flags & 8;
  options.label_optional = flags & 16;
  if (flags & 32) options.group = "0";
  if (flags & 64) options.target = "1";
  if (flags & 128) options.features = {"x", "2"};  // a header name or an index
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const lstmkit::data::CsvOptions options = options_from(lstmkit::fuzz::take_flags(bytes));
  lstmkit::data::CsvTable table;
  try {
    table = lstmkit::data::parse_csv(bytes, "fuzz.csv", options);
  } catch (const lstmkit::Error&) {  // UsageError included: an unknown column
    return 0;
  }
  const lstmkit::data::Series& series = table.series;
  series.check();  // throws on an inconsistent table: uncaught here, so a finding
  const size_t rows = series.rows();
  FUZZ_CHECK(rows > 0);
  FUZZ_CHECK(table.lines.size() == rows);
  for (size_t r = 1; r < rows; ++r) FUZZ_CHECK(table.lines[r - 1] < table.lines[r]);
  FUZZ_CHECK(table.rows_read >= rows);
  FUZZ_CHECK(table.rows_read - rows == table.dropped_rows);
  if (!options.group.empty()) FUZZ_CHECK(table.groups.size() == rows);
  // Every value the model reads is finite; only an absent label column reads as NaN.
  for (size_t c = 0; c < series.columns.size(); ++c) {
    FUZZ_CHECK(series.columns[c].size() == rows);
    const bool unknown_labels = options.label && !table.labelled;
    for (float v : series.columns[c]) FUZZ_CHECK(std::isfinite(v) || unknown_labels);
  }
  if (!table.label_names.empty())
    for (size_t t : series.targets)
      for (float v : series.columns[t])
        FUZZ_CHECK(v >= 0 && v < static_cast<float>(table.label_names.size()));
  return 0;
}
