#include "lstmkit/data/scaler.h"

#include <gtest/gtest.h>

#include <cmath>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

// "x": 1..5 then a validation tail of outliers; "c": constant on the training part.
Series two_columns() {
  Series s;
  s.names = {"x", "c"};
  s.columns = {{1, 2, 3, 4, 5, 100, -50}, {7, 7, 7, 7, 7, 9, 7}};
  s.features = {0, 1};
  s.targets = {0};
  return s;
}

TEST(Scaler, ZscoreIsFittedOnTheTrainingRowsOnly) {
  const Scaler s = Scaler::fit(ScaleKind::zscore, two_columns(), 5);
  EXPECT_DOUBLE_EQ(s.column("x").offset, 3.0);
  EXPECT_DOUBLE_EQ(s.column("x").scale, std::sqrt(2.0));  // population std of 1..5
  Series t = two_columns();
  s.transform(t);
  EXPECT_FLOAT_EQ(t.columns[0][0], static_cast<float>(-2.0 / std::sqrt(2.0)));
  EXPECT_FLOAT_EQ(t.columns[0][5], static_cast<float>(97.0 / std::sqrt(2.0)));  // outlier not in the fit
  double mean = 0, squares = 0;
  for (size_t r = 0; r < 5; ++r) mean += t.columns[0][r] / 5.0;
  for (size_t r = 0; r < 5; ++r) squares += (t.columns[0][r] - mean) * (t.columns[0][r] - mean) / 5.0;
  EXPECT_NEAR(mean, 0.0, 1e-7);
  EXPECT_NEAR(squares, 1.0, 1e-6);
}

TEST(Scaler, MinmaxMapsTheTrainingPartOntoZeroOne) {
  const Scaler s = Scaler::fit(ScaleKind::minmax, two_columns(), 5);
  Series t = two_columns();
  s.transform(t);
  EXPECT_EQ(t.columns[0][0], 0.0f);
  EXPECT_EQ(t.columns[0][4], 1.0f);
  EXPECT_EQ(t.columns[0][2], 0.5f);
  EXPECT_EQ(t.columns[0][5], 24.75f);  // (100 − 1) / 4: validation may leave [0, 1]
}

TEST(Scaler, ConstantTrainingColumnIsShiftedNotDivided) {
  for (ScaleKind kind : {ScaleKind::zscore, ScaleKind::minmax}) {
    const Scaler s = Scaler::fit(kind, two_columns(), 5);
    EXPECT_EQ(s.column("c").offset, 7.0);
    EXPECT_EQ(s.column("c").scale, 1.0);
    Series t = two_columns();
    s.transform(t);
    EXPECT_EQ(t.columns[1], (std::vector<float>{0, 0, 0, 0, 0, 2, 0}));
  }
}

TEST(Scaler, NoneIsTheIdentity) {
  const Scaler s = Scaler::fit(ScaleKind::none, two_columns(), 5);
  Series t = two_columns();
  s.transform(t);
  EXPECT_EQ(t.columns, two_columns().columns);
}

TEST(Scaler, InverseUndoesTransform) {
  Series big = two_columns();
  big.columns[0] = {-3.25f, 0.001f, 12.5f, 0.7f, -0.3f, 4.0f, 2.0f};
  for (ScaleKind kind : {ScaleKind::zscore, ScaleKind::minmax, ScaleKind::none}) {
    const Scaler s = Scaler::fit(kind, big, 5);
    Series t = big;
    s.transform(t);
    s.inverse_transform(t);
    for (size_t c = 0; c < 2; ++c)
      for (size_t r = 0; r < t.rows(); ++r) EXPECT_NEAR(t.columns[c][r], big.columns[c][r], 1e-6);
  }
}

TEST(Scaler, InverseOfModelOutputsByTargetName) {
  const Scaler s = Scaler::fit(ScaleKind::minmax, two_columns(), 5);
  // [N = 2, O = 2] outputs for targets (c, x).
  std::vector<float> out = {0.0f, 0.0f, 2.0f, 0.25f};
  const std::vector<std::string> names = {"c", "x"};
  s.inverse_transform_outputs(names, out);
  EXPECT_EQ(out, (std::vector<float>{7, 1, 9, 2}));
  std::vector<float> odd = {1, 2, 3};
  EXPECT_THROW(s.inverse_transform_outputs(names, odd), Error);
  std::vector<float> single = {0.5f};
  s.inverse_transform("x", single);
  EXPECT_EQ(single[0], 3.0f);
}

TEST(Scaler, JsonRoundTripIsExact) {
  Series odd = two_columns();
  odd.columns[0] = {0.1f, 0.7f, 1.0f / 3.0f, 2e-7f, 123456.789f, 0, 0};
  const Scaler s = Scaler::fit(ScaleKind::zscore, odd, 5);
  const std::string json = s.to_json();
  const Scaler back = Scaler::from_json(json);
  EXPECT_EQ(back.kind(), ScaleKind::zscore);
  ASSERT_EQ(back.columns().size(), 2u);
  for (size_t c = 0; c < 2; ++c) {
    EXPECT_EQ(back.columns()[c].name, s.columns()[c].name);
    EXPECT_EQ(back.columns()[c].offset, s.columns()[c].offset);  // bit-exact doubles
    EXPECT_EQ(back.columns()[c].scale, s.columns()[c].scale);
  }
  EXPECT_EQ(back.to_json(), json);
  EXPECT_NE(json.find("\"kind\":\"zscore\""), std::string::npos) << json;
  EXPECT_EQ(Scaler::from_json(Scaler().to_json()).columns().size(), 0u);
}

TEST(Scaler, BadJsonAndMissingColumnsAreErrors) {
  const auto expect_where = [](const std::string& json) {
    try {
      Scaler::from_json(json, "model.safetensors");
      ADD_FAILURE() << "no error for " << json;
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), "model.safetensors") << e.what();
    }
  };
  expect_where("{");
  expect_where(R"({"kind":"zscore"})");
  expect_where(R"({"kind":"log","columns":[]})");
  expect_where(R"({"kind":"zscore","columns":[{"name":"x","offset":0,"scale":0}]})");
  expect_where(R"({"kind":"zscore","columns":[{"name":"x","offset":"a","scale":1}]})");
  const Scaler s = Scaler::fit(ScaleKind::zscore, two_columns(), 5);
  Series other = univariate("y", {1, 2});
  EXPECT_THROW(s.transform(other), Error);
  EXPECT_THROW(Scaler::fit(ScaleKind::zscore, two_columns(), 0), Error);
  EXPECT_THROW(Scaler::fit(ScaleKind::zscore, two_columns(), 8), Error);
}

// Column names come from files (the CSV header, a checkpoint's metadata): errors show them escaped.
TEST(Scaler, ColumnNamesInErrorsAreEscaped) {
  try {
    Scaler::from_json(R"({"kind":"zscore","columns":[{"name":"\u001b[2J","offset":0,"scale":0}]})", "m");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.what_is_wrong(), "bad scaler entry for column '\\u{1B}[2J'");
  }
  try {
    Scaler::from_json("{\"kind\":\x1B\xFF", "m");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find_first_of("\x1B\xFF"), std::string::npos) << e.what();
  }
  Series escape = two_columns();
  escape.names[0] = "\x1B[2J";
  try {
    Scaler::fit(ScaleKind::zscore, two_columns(), 5).transform(escape);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.what_is_wrong(), "no scaling for column '\\u{1B}[2J'");
  }
}

TEST(Scaler, KindNames) {
  for (ScaleKind k : {ScaleKind::none, ScaleKind::zscore, ScaleKind::minmax})
    EXPECT_EQ(parse_scale_kind(scale_kind_name(k)), k);
  EXPECT_THROW(parse_scale_kind("robust"), UsageError);
}

}  // namespace
}  // namespace lstmkit::data
