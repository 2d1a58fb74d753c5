// The inference jobs stop between batches once an interrupt is requested (jobs/interrupted.h): they
// throw jobs::Interrupted, a sample right after the token being drawn, and run whole once it is cleared.
#include <gtest/gtest.h>

#include "jobs/jobs_fixtures.h"
#include "lstmkit/jobs/evaluate_lm.h"
#include "lstmkit/jobs/evaluate_translations.h"
#include "lstmkit/jobs/forecast.h"
#include "lstmkit/jobs/interrupted.h"
#include "lstmkit/jobs/predict_windows.h"
#include "lstmkit/jobs/sample.h"
#include "lstmkit/jobs/translate.h"
#include "lstmkit/train/interrupt.h"
#include "models/kind_fixtures.h"
#include "models/ts_fixtures.h"
#include "support/job_fixtures.h"

namespace lstmkit::jobs {
namespace {

using models::testing::letter_vocab;

const models::StackConfig kStack{nn::CellKind::lstm, 3, 1, 0.0f};

// Every test leaves the flag cleared, whatever it asserts.
class InferenceInterrupt : public ::testing::Test {
 protected:
  void SetUp() override { models::testing::use_one_thread(); }
  void TearDown() override { train::clear_interrupt(); }
};

class LmInterrupt : public InferenceInterrupt {
 protected:
  void SetUp() override {
    InferenceInterrupt::SetUp();
    Rng rng(3);
    lm.initialize(nn::InitScheme::keras, rng);
  }
  models::LanguageModel lm{letter_vocab("abcde"), models::LmConfig{kStack}};
};

TEST_F(LmInterrupt, SampleStopsAfterTheTokenDrawnWhenItCame) {
  SampleConfig c;
  c.prime = "ab";
  c.length = 100;
  c.count = 2;
  std::string text;
  const SampleSink interrupting{{}, [&](const std::string& t) {
                                  text += t;
                                  if (text.size() == 7) train::request_interrupt();
                                }};
  EXPECT_THROW(sample(lm, c, interrupting), Interrupted);
  EXPECT_EQ(text.size(), 7u);  // the prime and five one-letter tokens: the sink kept every token drawn
  train::clear_interrupt();
  text.clear();
  sample(lm, c, {{}, [&](const std::string& t) { text += t; }});
  EXPECT_EQ(text.size(), 2u * (2 + 100));
}

TEST_F(LmInterrupt, EvaluateLmStops) {
  LmEvalConfig c;
  c.input.text = std::string(600, 'a') + "bcde";
  EXPECT_THROW(lstmkit::testing::interrupted([&] { evaluate_lm(lm, c); }), Interrupted);
  EXPECT_EQ(evaluate_lm(lm, c).score.tokens, 603);
}

class TranslatorInterrupt : public InferenceInterrupt {
 protected:
  void SetUp() override {
    InferenceInterrupt::SetUp();
    Rng rng(3);
    model_.initialize(nn::InitScheme::keras, rng);
  }
  models::Seq2Seq model_{letter_vocab("abc"), letter_vocab("wxyz"), models::S2sConfig{kStack, false}};
};

TEST_F(TranslatorInterrupt, TranslateStops) {
  TranslateConfig c;
  c.batch = 1;
  c.max_len = 4;
  const std::vector<std::string> lines = {"ab", "abc", "a", "c"};
  EXPECT_THROW(lstmkit::testing::interrupted([&] { translate(model_, lines, c); }), Interrupted);
  EXPECT_EQ(translate(model_, lines, c).lines.size(), lines.size());
}

TEST_F(TranslatorInterrupt, EvaluateTranslationsStops) {
  TranslationEvalConfig c;
  c.pairs.text = "ab\twx\nabc\twxy\na\tw\n";
  c.decoding.max_len = 4;
  EXPECT_THROW(lstmkit::testing::interrupted([&] { evaluate_translations(model_, c); }), Interrupted);
  EXPECT_EQ(evaluate_translations(model_, c).pairs, 3u);
}

TEST_F(InferenceInterrupt, PredictWindowsStopsAndItsBatchesGiveTheWholeAnswer) {
  const models::TsData raw = models::testing::sine_data(200, 12);
  auto model = models::testing::new_model(raw, models::testing::spec_for(raw, {6, 1, false, 1}), 4);
  const std::vector<float>& x = raw.series->columns.front();
  std::vector<float> windows;  // 600 windows, more than one batch of the job's
  for (size_t n = 0; n < 600; ++n) {
    const auto first = x.begin() + static_cast<std::ptrdiff_t>(n % 190);
    windows.insert(windows.end(), first, first + 6);
  }
  EXPECT_THROW(lstmkit::testing::interrupted([&] { predict_windows(*model, windows, 600, 6, 1); }), Interrupted);
  const WindowPrediction all = predict_windows(*model, windows, 600, 6, 1);
  ASSERT_EQ(all.values.size(), 600u);
  for (size_t n : {0u, 511u, 512u, 599u}) {
    const std::span<const float> one(windows.data() + n * 6, 6);
    EXPECT_NEAR(all.values[n], predict_windows(*model, one, 1, 6, 1).values[0], 1e-5f) << "window " << n;
  }
}

TEST_F(InferenceInterrupt, ForecastStopsAndRunsWholeOnceCleared) {
  lstmkit::testing::TempDir dir;
  auto model = models::Regressor::load(testing::rising_sine_checkpoint(dir.path()));
  ForecastConfig c;
  c.source = model->spec().source;
  c.steps = 5;
  EXPECT_THROW(lstmkit::testing::interrupted([&] { forecast(*model, c); }), Interrupted);
  const ForecastResult r = forecast(*model, c);
  EXPECT_EQ(r.closed_loop.values.size(), 5u);
  EXPECT_FALSE(r.one_step.values.empty());
}

// The forecast loops call the job's check after every forward pass: each batch of windows, each step of a
// closed loop (of one path or of N at once).
TEST_F(InferenceInterrupt, ForecastLoopsCheckAfterEveryForwardPass) {
  const models::TsData raw = models::testing::sine_data(200, 12);
  auto model = models::testing::new_model(raw, models::testing::spec_for(raw, {6, 1, false, 1}), 4);
  const data::Series& series = *raw.series;
  size_t calls = 0;
  const auto count = [&] { ++calls; };
  // 200 rows, window 6, horizon 1: 194 windows, in batches of 50.
  infer::one_step_forecast(*model, series, 50, count);
  EXPECT_EQ(calls, 4u);
  calls = 0;
  infer::closed_loop(*model, series, 7, {}, count);
  EXPECT_EQ(calls, 7u);
}

}  // namespace
}  // namespace lstmkit::jobs
