#include "lstmkit/train/log_csv.h"

#include <gtest/gtest.h>

#include <string>

#include "lstmkit/error.h"
#include "support/temp_dir.h"

namespace lstmkit::train {

namespace fs = std::filesystem;

namespace {
const std::string kHeader = "step,epoch,batch_loss,train_loss,val_loss,lr,tokens_per_s\n";
// The form logs had before batch losses: a second row for each validation, at the same step.
const std::string kLegacyHeader = "step,epoch,train_loss,val_loss,lr,tokens_per_s\n";

class LogCsvTest : public ::testing::Test {
 protected:
  std::string contents() const { return testing::read_bytes(path_); }
  void write(const std::string& text) const { testing::write_bytes(path_, text); }

  testing::TempDir dir_;
  fs::path path_ = dir_ / "log.csv";
};

LogRow row(int64_t step, int64_t epoch, std::optional<double> train, std::optional<double> val = {}) {
  return {step, epoch, train ? std::optional<double>(*train + 0.5) : std::nullopt, train, val, 0.002, 51234.5, {}};
}
}  // namespace

TEST_F(LogCsvTest, WritesHeaderAndRowsWithEmptyFieldsForAbsentValues) {
  LogCsv log(path_);
  log.append(row(100, 1, 2.31452));
  log.append(row(200, 1, 2.01377, 2.10554));
  log.append({300, 2, {}, {}, 1.5, {}, {}, {}});
  EXPECT_EQ(contents(), kHeader +
                            "100,1,2.81452,2.31452,,0.002,51234.5\n"
                            "200,1,2.51377,2.01377,2.10554,0.002,51234.5\n"
                            "300,2,,,1.5,,\n");
}

TEST_F(LogCsvTest, TheRateColumnIsNamedForWhatItCounts) {
  EXPECT_EQ(rate_column("tok"), "tokens_per_s");
  EXPECT_EQ(rate_column("win"), "windows_per_s");
  EXPECT_EQ(rate_column("seq"), "sequences_per_s");
  EXPECT_EQ(rate_column("step"), "steps_per_s");
  EXPECT_EQ(rate_column("pairs"), "pairs_per_s");
  {
    LogCsv log(path_, {"windows_per_s", {}});
    log.append(row(1, 1, 0.25));
  }
  EXPECT_EQ(contents(), "step,epoch,batch_loss,train_loss,val_loss,lr,windows_per_s\n1,1,0.75,0.25,,0.002,51234.5\n");
  EXPECT_EQ(read_log_table(path_).columns, (LogColumns{"windows_per_s", {}}));
  // A resume counting something else is another run.
  EXPECT_THROW(LogCsv(path_, {"tokens_per_s", {}}, true, 1), Error);
  write("step,epoch,batch_loss,train_loss,val_loss,lr,windows\n");
  EXPECT_THROW(read_log_csv(path_), Error) << "a rate column is <unit>_per_s";
}

TEST_F(LogCsvTest, ReadReturnsTheRowsWritten) {
  const std::vector<LogRow> rows = {row(1, 1, 4.17), row(2, 1, 3.9, 4.0), {3, 2, 3.25, 3.5, {}, 1e-4, {}, {}}};
  {
    LogCsv log(path_);
    for (const LogRow& r : rows) log.append(r);
  }
  EXPECT_EQ(read_log_csv(path_), rows);
}

TEST_F(LogCsvTest, EachRowIsOnDiskAsSoonAsItIsAppended) {
  // Read while the log is still open: a crash at this point keeps both rows.
  LogCsv log(path_);
  log.append(row(10, 1, 3.0));
  log.append(row(20, 1, 2.5));
  ASSERT_EQ(read_log_csv(path_).size(), 2u);
  EXPECT_EQ(read_log_csv(path_)[1].step, 20);
}

TEST_F(LogCsvTest, ResumeDropsRowsAfterTheCheckpointAndAppends) {
  {
    LogCsv log(path_);
    for (int64_t step = 100; step <= 500; step += 100) log.append(row(step, 1, 1.0 / static_cast<double>(step)));
  }
  // The run was checkpointed at step 300 and crashed at 500: resuming replays 400 and 500.
  {
    LogCsv log(path_, {}, true, 300);
    log.append(row(400, 2, 0.5));
  }
  const std::vector<LogRow> rows = read_log_csv(path_);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].step, 100);
  EXPECT_EQ(rows[2].step, 300);
  EXPECT_EQ(rows[3], row(400, 2, 0.5));
  const std::string text = contents();
  EXPECT_EQ(text.find(kHeader), 0u);
  EXPECT_EQ(text.find(kHeader, 1), std::string::npos) << "header repeated:\n" << text;
}

TEST_F(LogCsvTest, MetricColumnsFollowTheFixedOnesAndReadBack) {
  LogRow validated = row(200, 1, 2.0, 1.9);
  validated.metrics = {12.5, 40.25};
  const LogColumns columns{"tokens_per_s", {"bleu", "chrf"}};
  {
    LogCsv log(path_, columns);
    log.append(row(100, 1, 2.5));
    log.append(validated);
  }
  EXPECT_EQ(contents(), "step,epoch,batch_loss,train_loss,val_loss,lr,tokens_per_s,val_bleu,val_chrf\n"
                        "100,1,3,2.5,,0.002,51234.5,,\n"
                        "200,1,2.5,2,1.9,0.002,51234.5,12.5,40.25\n");
  EXPECT_EQ(read_log_csv(path_), (std::vector<LogRow>{row(100, 1, 2.5), validated}));
  // A resume keeps the columns; one that asks for other metrics is refused and changes nothing.
  const std::string before = contents();
  EXPECT_THROW(LogCsv(path_, {"tokens_per_s", {"bleu"}}, true, 200), Error);
  EXPECT_THROW(LogCsv(path_, {}, true, 200), Error);
  EXPECT_EQ(contents(), before);
  { LogCsv log(path_, columns, true, 150); }
  EXPECT_EQ(read_log_csv(path_), std::vector<LogRow>{row(100, 1, 2.5)});
  // A row with a metric column too many or too few is malformed; so is a header column not val_*.
  write("step,epoch,batch_loss,train_loss,val_loss,lr,tokens_per_s,val_bleu\n1,1,2,2,,,,3,4\n");
  EXPECT_THROW(read_log_csv(path_), Error);
  write("step,epoch,batch_loss,train_loss,val_loss,lr,tokens_per_s,bleu\n");
  EXPECT_THROW(read_log_csv(path_), Error);
}

TEST_F(LogCsvTest, AnEarlierVersionsLogReadsWithItsValidationRowsMerged) {
  // Step 2 validated: the old log has a training row and a validation row for it.
  write("step,epoch,train_loss,val_loss,lr,tokens_per_s,val_bleu\n"
        "1,1,4.5,,0.002,100.0,\n"
        "2,1,4,,0.002,110.0,\n"
        "2,1,4,3.75,0.002,,12.5\n"
        "3,2,3.5,,0.002,120.0,\n");
  const LogTable table = read_log_table(path_);
  EXPECT_EQ(table.columns, (LogColumns{"tokens_per_s", {"bleu"}}));
  const std::vector<LogRow> expected = {{1, 1, {}, 4.5, {}, 0.002, 100.0, {}},
                                        {2, 1, {}, 4.0, 3.75, 0.002, 110.0, {12.5}},
                                        {3, 2, {}, 3.5, {}, 0.002, 120.0, {}}};
  EXPECT_EQ(table.rows, expected);

  // A resume rewrites it in this version's form, under the rate the run counts (earlier versions called
  // every rate tokens_per_s), and appends.
  {
    LogCsv log(path_, {"windows_per_s", {"bleu"}}, true, 2);
    log.append(row(3, 2, 3.25));
  }
  EXPECT_EQ(contents(), "step,epoch,batch_loss,train_loss,val_loss,lr,windows_per_s,val_bleu\n"
                        "1,1,,4.5,,0.002,100.0,\n"
                        "2,1,,4,3.75,0.002,110.0,12.5\n"
                        "3,2,3.75,3.25,,0.002,51234.5,\n");
}

TEST_F(LogCsvTest, ResumeWithoutALogStartsOne) {
  {
    LogCsv log(path_, {}, true, 1000);
    log.append(row(1100, 3, 1.25));
  }
  EXPECT_EQ(contents(), kHeader + "1100,3,1.75,1.25,,0.002,51234.5\n");
}

TEST_F(LogCsvTest, AFreshRunReplacesAnOldLog) {
  write(kLegacyHeader + "5,1,2,,,\n");
  { LogCsv log(path_); }
  EXPECT_EQ(contents(), kHeader);
}

TEST_F(LogCsvTest, AStagedLogLeavesTheOldOneUntilCommitted) {
  write(kHeader + "100,1,2.5,2.5,,0.002,100\n");
  {
    const auto log = LogCsv::staged(path_);
    log->append(row(1, 1, 9.0));
    EXPECT_EQ(contents(), kHeader + "100,1,2.5,2.5,,0.002,100\n");
  }
  // Destroyed before commit, as when a --force run fails before its first checkpoint.
  EXPECT_EQ(contents(), kHeader + "100,1,2.5,2.5,,0.002,100\n");
  EXPECT_FALSE(fs::exists(dir_ / "log.csv.new"));

  const auto log = LogCsv::staged(path_);
  log->append(row(1, 1, 9.0));
  log->commit();
  log->append(row(2, 1, 8.0));
  log->commit();
  EXPECT_EQ(contents(), kHeader + "1,1,9.5,9,,0.002,51234.5\n2,1,8.5,8,,0.002,51234.5\n");
  EXPECT_FALSE(fs::exists(dir_ / "log.csv.new"));
}

TEST_F(LogCsvTest, ATornLastLineIsIgnoredAndDroppedOnResume) {
  // A crash in the middle of a write leaves a row without its newline.
  write(kHeader + "10,1,3.5,3.5,,0.002,100.0\n20,1,3.");
  ASSERT_EQ(read_log_csv(path_).size(), 1u);
  {
    LogCsv log(path_, {}, true, 20);
    log.append(row(30, 1, 3.0));
  }
  EXPECT_EQ(contents(), kHeader + "10,1,3.5,3.5,,0.002,100.0\n30,1,3.5,3,,0.002,51234.5\n");
}

TEST_F(LogCsvTest, ForeignOrMalformedFilesAreErrorsNamingTheLine) {
  write("a,b,c\n1,2,3\n");
  EXPECT_THROW(read_log_csv(path_), Error);
  EXPECT_THROW(LogCsv(path_, {}, true, 10), Error);
  EXPECT_EQ(contents(), "a,b,c\n1,2,3\n") << "a foreign file was modified";

  write(kHeader + "10,1,3.5,3.5,,0.002,100.0\n20,1,three,3,,,\n");
  try {
    read_log_csv(path_);
    FAIL() << "a malformed row was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), path_.string() + ":3");
  }
  write(kHeader + "10,1,3.5,3.5,,0.002\n");  // six fields
  EXPECT_THROW(read_log_csv(path_), Error);
  write(kHeader + "10,1,3.5,3.5,,0.002,1,7\n");  // eight fields
  EXPECT_THROW(read_log_csv(path_), Error);
  write(kLegacyHeader + "10,1,3.5,,0.002,1,7\n");  // seven fields in the old form
  EXPECT_THROW(read_log_csv(path_), Error);
}

TEST_F(LogCsvTest, UnwritableLocationIsAnError) {
  try {
    LogCsv log(dir_ / "missing" / "log.csv");
    FAIL() << "opened a log in a missing directory";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), (dir_ / "missing" / "log.csv").string());
  }
  EXPECT_THROW(read_log_csv(dir_ / "none.csv"), Error);
}

}  // namespace lstmkit::train
