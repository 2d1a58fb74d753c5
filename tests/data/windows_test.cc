#include "lstmkit/data/windows.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

// Columns whose values name their row: "a" = 100 + r (feature), "b" = 1000 + r (feature and target),
// so a batch value tells which row it came from.
Series row_series(size_t rows) {
  Series s;
  s.names = {"a", "b"};
  s.columns.resize(2);
  for (size_t r = 0; r < rows; ++r) {
    s.columns[0].push_back(100.0f + static_cast<float>(r));
    s.columns[1].push_back(1000.0f + static_cast<float>(r));
  }
  s.features = {0, 1};
  s.targets = {1};
  s.check();
  return s;
}

size_t row_of_target(float v) { return static_cast<size_t>(v - 1000.0f); }

std::vector<size_t> range(size_t begin, size_t end) {
  std::vector<size_t> v(end - begin);
  std::iota(v.begin(), v.end(), begin);
  return v;
}

TEST(Windows, SplitCountsNtoOne) {
  const WindowSplit s = split_windows(100, {10, 1, false}, 0.2);
  EXPECT_EQ(s.boundary, 80u);
  EXPECT_EQ(s.train, range(0, 70));        // last train window: rows 69..78, target row 79
  EXPECT_EQ(s.validation, range(70, 90));  // targets rows 80..99: one window per validation row
}

TEST(Windows, SplitCountsNtoN) {
  const WindowSplit s = split_windows(100, {10, 1, true}, 0.2);
  EXPECT_EQ(s.train, range(0, 70));
  EXPECT_EQ(s.validation, range(79, 90));  // first target row s + 1 ≥ 80
}

TEST(Windows, SplitWithHorizonAndNoValidation) {
  const WindowSplit s = split_windows(50, {8, 5, false}, 0.0);
  EXPECT_EQ(s.boundary, 50u);
  EXPECT_EQ(s.train, range(0, 38));  // s + 8 + 5 ≤ 50
  EXPECT_TRUE(s.validation.empty());
}

TEST(Windows, BoundaryRoundsTheValidationPart) {
  EXPECT_EQ(split_boundary(10, 0.25), 7u);  // round(2.5) = 3 validation rows
  EXPECT_EQ(split_boundary(200, 0.1), 180u);
  EXPECT_EQ(split_boundary(200, 0.0), 200u);
}

// The property that matters: for every spec, no training window's inputs or targets touch a validation
// row, every validation target is a validation row, and no window that satisfies these is left out.
TEST(Windows, NoLeakageAcrossTheSplitAndNoWindowLost) {
  size_t checked = 0;
  for (size_t rows : {40u, 97u, 160u})
    for (size_t T : {1u, 5u, 12u})
      for (size_t H : {0u, 1u, 3u})
        for (bool seq : {false, true})
          for (double frac : {0.1, 0.25, 0.5}) {
            const WindowSpec spec{T, H, seq};
            SCOPED_TRACE(::testing::Message() << "R=" << rows << " T=" << T << " H=" << H << " seq=" << seq
                                              << " val_frac=" << frac);
            WindowSplit split;
            try {
              split = split_windows(rows, spec, frac);
            } catch (const UsageError&) {
              continue;  // too short for this spec; the error cases are tested below
            }
            const size_t b = split.boundary;
            const Series series = row_series(rows);
            const RegressionBatch train = window_batch(series, spec, split.train);
            for (size_t i = 0; i < train.inputs.size(); i += 2) {
              ASSERT_LT(train.inputs[i] - 100.0f, static_cast<float>(b));       // feature a
              ASSERT_LT(train.inputs[i + 1] - 1000.0f, static_cast<float>(b));  // feature b
            }
            for (float v : train.targets) ASSERT_LT(row_of_target(v), b);
            const RegressionBatch val = window_batch(series, spec, split.validation);
            for (float v : val.targets) {
              ASSERT_GE(row_of_target(v), b);
              ASSERT_LT(row_of_target(v), rows);
            }
            // Completeness: the lists are exactly the windows that qualify.
            size_t want_train = 0, want_val = 0;
            for (size_t s = 0; s + T + H <= rows; ++s) {
              const auto targets = target_rows(spec, s);
              want_train += s + T + H <= b;
              want_val += targets.front() >= b;
            }
            ASSERT_EQ(split.train.size(), want_train);
            ASSERT_EQ(split.validation.size(), want_val);
            ASSERT_TRUE(std::is_sorted(split.validation.begin(), split.validation.end()));
            ++checked;
          }
  EXPECT_GT(checked, 100u);  // most of the 162 specs fit; the loop must not pass by skipping them
}

TEST(Windows, TargetRows) {
  EXPECT_EQ(target_rows({4, 2, false}, 10), (std::vector<size_t>{15}));
  EXPECT_EQ(target_rows({4, 2, true}, 10), (std::vector<size_t>{12, 13, 14, 15}));
  EXPECT_EQ(target_rows({3, 0, true}, 0), (std::vector<size_t>{0, 1, 2}));
}

TEST(Windows, BatchIsTimeMajorWithHorizonShiftedTargets) {
  const Series series = row_series(30);
  const std::vector<size_t> starts = {7, 0, 12};
  const WindowSpec spec{4, 3, false};
  const RegressionBatch b = window_batch(series, spec, starts);
  ASSERT_EQ(b.steps, 4u);
  ASSERT_EQ(b.batch, 3u);
  ASSERT_EQ(b.features, 2u);
  ASSERT_EQ(b.outputs, 1u);
  ASSERT_EQ(b.inputs.size(), 4u * 3u * 2u);
  ASSERT_EQ(b.targets.size(), 3u);
  EXPECT_FALSE(b.per_step_targets);
  for (size_t t = 0; t < 4; ++t)
    for (size_t n = 0; n < 3; ++n) {
      // [T, N, F]: consecutive floats are the features of one (t, n).
      EXPECT_EQ(b.inputs[(t * 3 + n) * 2 + 0], 100.0f + static_cast<float>(starts[n] + t));
      EXPECT_EQ(b.inputs[(t * 3 + n) * 2 + 1], 1000.0f + static_cast<float>(starts[n] + t));
      EXPECT_EQ(b.input(t, n, 1), b.inputs[(t * 3 + n) * 2 + 1]);
    }
  // n-to-1: the value H = 3 steps after the last input step.
  EXPECT_EQ(b.targets, (std::vector<float>{1000 + 7 + 3 + 3, 1000 + 0 + 3 + 3, 1000 + 12 + 3 + 3}));
}

TEST(Windows, ReturnSequencesGivesTheValueHStepsAfterEachInput) {
  const Series series = row_series(30);
  const std::vector<size_t> starts = {5, 9};
  const RegressionBatch b = window_batch(series, {6, 2, true}, starts);
  ASSERT_TRUE(b.per_step_targets);
  ASSERT_EQ(b.targets.size(), 6u * 2u * 1u);  // [T, N, O]
  for (size_t t = 0; t < 6; ++t)
    for (size_t n = 0; n < 2; ++n) {
      EXPECT_EQ(b.targets[t * 2 + n], 1000.0f + static_cast<float>(starts[n] + t + 2));
      EXPECT_EQ(b.target(t, n, 0), b.input(t, n, 1) + 2.0f);
    }
}

TEST(Windows, SeveralTargetsAndSingleFeature) {
  Series series = row_series(10);
  series.features = {1};
  series.targets = {1, 0};
  const RegressionBatch b = window_batch(series, {3, 1, false}, std::vector<size_t>{2});
  EXPECT_EQ(b.inputs, (std::vector<float>{1002, 1003, 1004}));  // [3, 1, 1]
  EXPECT_EQ(b.targets, (std::vector<float>{1005, 105}));        // [1, 2]
}

TEST(Windows, InputsOnlyReachTheLastRow) {
  const Series series = row_series(10);
  const std::vector<size_t> last = {6};  // R − T: the window a forecast past the end starts from
  const std::vector<float> x = window_inputs(series, 4, last);
  EXPECT_EQ(x, (std::vector<float>{106, 1006, 107, 1007, 108, 1008, 109, 1009}));  // [4, 1, 2]
  EXPECT_EQ(window_inputs(series, 4, std::vector<size_t>{2, 5}),
            window_batch(series, {4, 1, false}, std::vector<size_t>{2, 5}).inputs);
  EXPECT_THROW(window_inputs(series, 4, std::vector<size_t>{7}), Error);
}

TEST(Windows, Errors) {
  EXPECT_THROW(split_windows(100, {0, 1, false}, 0.2), UsageError);
  EXPECT_THROW(split_windows(100, {10, 1, false}, 1.0), UsageError);
  EXPECT_THROW(split_windows(100, {10, 1, false}, -0.1), UsageError);
  try {
    split_windows(100, {80, 1, false}, 0.2);  // 80 training rows, a window needs 81
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`seq_len`");
    EXPECT_NE(e.what_is_wrong().find("80 rows but a window needs 81 rows"), std::string::npos) << e.what();
  }
  try {
    split_windows(100, {30, 1, true}, 0.2);  // n-to-n needs T validation rows for a window
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`val_frac`");
  }
  EXPECT_THROW(split_windows(100, {10, 1, false}, 0.001), UsageError);  // 0 validation rows
  try {
    split_windows(100, {80, 1, false}, 0.2, "`window`");  // train-ts calls T --window
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`window`");
    EXPECT_NE(e.what_is_wrong().find("81 rows (`window` 80 + horizon 1)"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("shorter `window`"), std::string::npos) << e.hint();
  }
  const Series series = row_series(10);
  EXPECT_THROW(window_batch(series, {5, 1, false}, std::vector<size_t>{5}), Error);
  EXPECT_NO_THROW(window_batch(series, {5, 1, false}, std::vector<size_t>{4}));
  EXPECT_THROW(window_batch(series, {5, 1, false}, std::vector<size_t>{}), Error);
}

}  // namespace
}  // namespace lstmkit::data

namespace lstmkit::data {
namespace {

// A series that lost its first rows to differencing is split where the whole series is.
TEST(Windows, SkippedRowsKeepTheBoundaryOfTheWholeSeries) {
  const WindowSpec spec{4, 1, false};
  const WindowSplit whole = split_windows(100, spec, 0.2);
  const WindowSplit differenced = split_windows(87, spec, 0.2, "`window`", 13);
  EXPECT_EQ(whole.boundary, 80u);
  EXPECT_EQ(differenced.boundary, 67u);  // data row 80
  EXPECT_EQ(differenced.train.back() + 13, whole.train.back());
  EXPECT_EQ(differenced.validation.back() + 13, whole.validation.back());
}

}  // namespace
}  // namespace lstmkit::data

namespace lstmkit::data {
namespace {

// A multi-step head's window has S consecutive targets after its horizon, step-major per window.
TEST(Windows, OutputStepsAreTheNextSRows) {
  WindowSpec spec{4, 1, false};
  spec.steps = 3;
  EXPECT_EQ(target_rows(spec, 2), (std::vector<size_t>{6, 7, 8}));
  const WindowSplit split = split_windows(20, spec, 0.25);  // boundary 15
  EXPECT_EQ(split.train.back(), 8u);                        // touches rows 8 .. 14
  EXPECT_EQ(split.validation.front(), 11u);                 // first target at row 15
  EXPECT_EQ(split.validation.back(), 13u);                  // last target at row 19
  Series s;
  s.names = {"a", "b"};
  s.columns = {{}, {}};
  for (int r = 0; r < 20; ++r) {
    s.columns[0].push_back(static_cast<float>(r));
    s.columns[1].push_back(static_cast<float>(100 + r));
  }
  s.features = {0};
  s.targets = {0, 1};
  const RegressionBatch b = window_batch(s, spec, std::vector<size_t>{0, 5});
  EXPECT_EQ(b.outputs, 6u);  // 3 steps of 2 targets
  EXPECT_EQ(b.targets, (std::vector<float>{4, 104, 5, 105, 6, 106, 9, 109, 10, 110, 11, 111}));
  EXPECT_THROW(window_batch(s, spec, std::vector<size_t>{14}), Error);  // its last target would be row 20
}

}  // namespace
}  // namespace lstmkit::data
