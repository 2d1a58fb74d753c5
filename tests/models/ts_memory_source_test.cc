// A time-series source of columns in memory: read as the same CSV file would be, stored in a checkpoint
// by name and fingerprint (no values, no path), and refused, with a hint, when a loaded model's own data
// is asked for.
#include <gtest/gtest.h>

#include <fstream>

#include "lstmkit/error.h"
#include "lstmkit/models/ts_data.h"
#include "lstmkit/models/ts_spec.h"
#include "support/temp_dir.h"

namespace lstmkit::models {
namespace {

std::shared_ptr<const data::ColumnTable> table(std::vector<float> values) {
  return std::make_shared<const data::ColumnTable>(data::ColumnTable{{{"value", std::move(values), {}, false}}});
}

TsSource in_memory(std::vector<float> values) {
  TsSource s;
  s.memory = memory_source(table(std::move(values)), "in-memory arrays");
  return s;
}

TEST(TsMemorySource, ReadsAsTheSameFile) {
  testing::TempDir dir;
  const std::filesystem::path csv = dir.path() / "s.csv";
  std::ofstream(csv) << "value\n1.5\n-2\n4\n";
  TsSource file;
  file.csv = csv.string();
  TsSource memory = in_memory({1.5f, -2, 4});
  const TsData a = read_ts_data(file), b = read_ts_data(memory);
  EXPECT_EQ(a.series->columns, b.series->columns);
  EXPECT_EQ(b.origin, "in-memory arrays");
  EXPECT_EQ(b.lines, (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(memory.describe(), "in-memory arrays");
}

TEST(TsMemorySource, CheckpointRecordsNameAndFingerprintOnly) {
  TsSpec spec;
  spec.source = in_memory({1, 2, 3});
  spec.source.csv_options.fill = data::FillPolicy::ffill;
  const std::string json = ts_spec_json(spec);
  EXPECT_EQ(json.find("\"csv\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"memory\":\"in-memory arrays\""), std::string::npos) << json;
  const TsSpec loaded = ts_spec_from_json(json, "m.safetensors");
  ASSERT_TRUE(loaded.source.memory);
  EXPECT_FALSE(loaded.source.memory->table);
  EXPECT_EQ(loaded.source.csv_options.fill, data::FillPolicy::ffill);
  // The same values given again are the model's own data; others are not.
  EXPECT_EQ(ts_source_json(loaded.source), ts_source_json(spec.source));
  TsSource again = in_memory({1, 2, 3}), other = in_memory({1, 2, 4});
  again.csv_options.fill = other.csv_options.fill = data::FillPolicy::ffill;
  EXPECT_EQ(ts_source_json(again), ts_source_json(loaded.source));
  EXPECT_NE(ts_source_json(other), ts_source_json(loaded.source));
  try {
    read_ts_data(loaded.source);
    ADD_FAILURE() << "a loaded model's in-memory data was read";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("trained on in-memory arrays"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lstmkit::models
