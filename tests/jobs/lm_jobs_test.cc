// The language-model jobs as library calls: train_lm, sample, evaluate_lm, summary, vocab. Each is
// checked against the layers it composes, and its errors name config fields, never options.
#include <gtest/gtest.h>

#include <cmath>

#include "lstmkit/error.h"
#include "lstmkit/infer/lm_evaluation.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/jobs/evaluate_lm.h"
#include "lstmkit/jobs/sample.h"
#include "lstmkit/jobs/summary.h"
#include "lstmkit/jobs/train_lm.h"
#include "lstmkit/jobs/vocab.h"
#include "lstmkit/text/tokenizer.h"
#include "support/job_fixtures.h"
#include "support/temp_dir.h"

namespace lstmkit::jobs {
namespace {

using lstmkit::testing::usage_error_at;

const std::string kText =
    "the quick brown fox jumps over the lazy dog. the dog sleeps; the fox runs far away.\n"
    "a fox, a dog and a cat went to the river to drink the cold water of the hills.\n";

LmTrainConfig tiny(const std::filesystem::path& out) {
  LmTrainConfig c;
  c.input.text = kText + kText + kText;
  c.model.hidden = 8;
  c.model.layers = 1;
  c.batch = 2;
  c.seq_len = 8;
  c.trainer.epochs = 2;
  c.trainer.out = out;
  return c;
}

TEST(TrainLmJob, TrainsReportsEachEpochAndSavesTheBestModel) {
  testing::TempDir dir;
  testing::RecordingReporter recorder;
  LmTrainConfig c = tiny(dir / "run");
  std::vector<LmEpoch> epochs;
  c.on_epoch = [&](const LmEpoch& e) {
    EXPECT_TRUE(std::filesystem::exists(dir / "run" / "last.safetensors"));  // saved before the call
    epochs.push_back(e);
  };
  const TrainLmResult r = train_lm(c, recorder);
  EXPECT_EQ(r.run.outcome, train::TrainOutcome::finished);
  EXPECT_EQ(r.run.epoch, 2);
  ASSERT_EQ(epochs.size(), 2u);
  EXPECT_EQ(epochs[0].epoch, 1);
  EXPECT_EQ(epochs[1].epoch, 2);
  EXPECT_EQ(epochs[1].epochs, 2);
  EXPECT_EQ(epochs[1].step, r.run.step);
  ASSERT_TRUE(epochs[1].val_loss.has_value());
  EXPECT_TRUE(std::isfinite(epochs[1].loss));
  EXPECT_DOUBLE_EQ(*r.run.best_val, std::min(*epochs[0].val_loss, *epochs[1].val_loss));
  EXPECT_EQ(epochs[1].best, *epochs[1].val_loss < *epochs[0].val_loss);
  EXPECT_GT(recorder.progress_calls, 0);
  // The job's own lines come first: the data and model, then the precision.
  ASSERT_GE(recorder.notes.size(), 2u);
  EXPECT_EQ(recorder.notes[0].rfind("train-lm: ", 0), 0u);
  EXPECT_EQ(recorder.notes[1].rfind("precision ", 0), 0u);
  EXPECT_EQ(r.best_model, dir / "run" / "model.safetensors");
  EXPECT_TRUE(std::filesystem::exists(r.best_model));
  const auto tokens = static_cast<int64_t>(text::Tokenizer(text::Unit::grapheme, text::Normalization::nfc).tokenize(kText).size()) * 3;
  EXPECT_EQ(r.train_tokens + r.val_tokens, tokens);
  ASSERT_TRUE(r.model);
  EXPECT_EQ(r.model->config().hidden, 8);
}

TEST(TrainLmJob, ErrorsNameTheConfigFields) {
  testing::TempDir dir;
  train::SilentReporter quiet;
  auto with = [&](auto change) {
    LmTrainConfig c = tiny(dir / "run");
    change(c);
    return usage_error_at([&] { train_lm(c, quiet); });
  };
  EXPECT_EQ(with([](LmTrainConfig& c) { c.val_frac = 1.5; }), "`val_frac`");
  EXPECT_EQ(with([](LmTrainConfig& c) { c.seq_len = 0; }), "`seq_len`");
  EXPECT_EQ(with([](LmTrainConfig& c) { c.batch = -1; }), "`batch`");
  EXPECT_EQ(with([](LmTrainConfig& c) { c.seq_len = 1000; }), "`val_frac`");  // too long for the held-out tail
  EXPECT_EQ(with([](LmTrainConfig& c) {
              c.seq_len = 1000;
              c.val_frac = 0;
            }),
            "`seq_len`");
  EXPECT_EQ(with([](LmTrainConfig& c) { c.input.files = {"x.txt"}; }), "`input`");  // text and files
  EXPECT_EQ(with([](LmTrainConfig& c) { c.text.unit = text::Unit::bpe; }), "`unit`");
  EXPECT_FALSE(std::filesystem::exists(dir / "run" / "model.safetensors"));
}

TEST(TrainLmJob, AnInterruptSavesTheCheckpointAndSaysSo) {
  testing::TempDir dir;
  train::SilentReporter quiet;
  const TrainLmResult r = testing::interrupted([&] { return train_lm(tiny(dir / "run"), quiet); });
  EXPECT_EQ(r.run.outcome, train::TrainOutcome::interrupted);
  EXPECT_TRUE(std::filesystem::exists(dir / "run" / "last.safetensors"));
}

class TrainedLm : public ::testing::Test {
 protected:
  void SetUp() override {
    train::SilentReporter quiet;
    model_ = train_lm(tiny(dir_ / "run"), quiet).model;
  }
  testing::TempDir dir_;
  std::unique_ptr<models::LanguageModel> model_;
};

std::string drawn(models::LanguageModel& model, const SampleConfig& c) {
  std::string out;
  std::vector<int64_t> begun;
  sample(model, c, {[&](int64_t i) { begun.push_back(i); }, [&](const std::string& t) { out += t; }});
  EXPECT_EQ(static_cast<int64_t>(begun.size()), c.count);
  return out;
}

TEST_F(TrainedLm, SampleStartsWithThePrimeAndRepeatsWithItsSeed) {
  SampleConfig c;
  c.prime = "the ";
  c.length = 20;
  c.seed = 7;
  const std::string a = drawn(*model_, c);
  EXPECT_EQ(a.rfind("the ", 0), 0u);
  EXPECT_EQ(text::Tokenizer(model_->vocab()).tokenize(a).size(), 4u + 20u);
  EXPECT_EQ(drawn(*model_, c), a);
  c.count = 2;
  EXPECT_EQ(drawn(*model_, c).size() > a.size(), true);
}

TEST_F(TrainedLm, SampleErrorsNameTheConfigFields) {
  SampleConfig c;
  c.prime = "XYZ";  // capitals are not in the text
  try {
    drawn(*model_, c);
    ADD_FAILURE() << "unknown prime tokens accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "`prime`");
    EXPECT_NE(e.hint().find("allow_unk"), std::string::npos);
  }
  c.allow_unk = true;
  c.length = 3;
  EXPECT_EQ(drawn(*model_, c).rfind("XYZ", 0), 0u);
  auto with = [&](auto change) {
    SampleConfig bad;
    change(bad);
    return usage_error_at([&] { validate(bad); });
  };
  EXPECT_EQ(with([](SampleConfig& s) { s.sampling.top_k = -1; }), "`top_k`");
  EXPECT_EQ(with([](SampleConfig& s) { s.sampling.temperature = 0; }), "`temperature`");
  EXPECT_EQ(with([](SampleConfig& s) { s.length = -1; }), "`length`");
  EXPECT_EQ(with([](SampleConfig& s) { s.count = 0; }), "`count`");
}

TEST_F(TrainedLm, EvaluateIsTheStreamLossOfTheText) {
  LmEvalConfig c;
  c.input.text = kText;
  const LmEvaluation e = evaluate_lm(*model_, c);
  const auto ids = model_->vocab().encode(text::Tokenizer(model_->vocab()).tokenize(kText));
  const infer::LmScore direct = infer::evaluate_stream(*model_, ids);
  EXPECT_DOUBLE_EQ(e.score.nats, direct.nats);
  EXPECT_EQ(e.tokens, static_cast<int64_t>(ids.size()));
  EXPECT_EQ(e.unknown, 0);
  EXPECT_TRUE(e.characters);
  c.input.text = "Q";
  EXPECT_THROW(evaluate_lm(*model_, c), Error);
  c.input.text = "the QQ";
  EXPECT_EQ(evaluate_lm(*model_, c).unknown, 2);
}

TEST_F(TrainedLm, SummaryOfTheModelIsTheSummaryOfItsCheckpoint) {
  const auto path = dir_ / "saved.safetensors";
  io::Checkpoint::save(path, model_->parameters(), {}, model_->metadata());
  const models::ModelSummary in_memory = summary(*model_);
  const models::ModelSummary on_disk = summary(path.string());
  EXPECT_EQ(models::format_summary(in_memory), models::format_summary(on_disk));
  EXPECT_EQ(in_memory.torch_total(), static_cast<int64_t>(model_->parameters().size()));
}

TEST(SummaryJob, KerasCountsOfAStack) {
  StackSummaryConfig c;
  c.input = 1;
  c.hidden = 40;
  c.head = 1;
  c.return_sequences = true;
  const models::ModelSummary s = summary(c);
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(s.rows[0].keras_params, 6720);
  EXPECT_EQ(s.rows[1].keras_params, 41);
  c.cell = nn::CellKind::rnn;
  c.head = 0;
  EXPECT_EQ(summary(c).keras_total(), 1680);
  c.input = 0;
  EXPECT_EQ(usage_error_at([&] { summary(c); }), "`input`");
  c.input = 1;
  c.head = -1;
  EXPECT_EQ(usage_error_at([&] { summary(c); }), "`head`");
}

TEST(VocabJob, CountsCoverageAndLimits) {
  VocabConfig c;
  c.input.text = "aaab";
  VocabReport r = vocab(c);
  EXPECT_EQ(r.counts.total(), 4u);
  EXPECT_EQ(r.vocab.size(), 4 + 2);
  EXPECT_DOUBLE_EQ(r.coverage, 1.0);
  c.limits.max_vocab = 1;
  r = vocab(c);
  EXPECT_EQ(r.vocab.size(), 4 + 1);
  EXPECT_DOUBLE_EQ(r.coverage, 0.75);
  c.text.unit = text::Unit::bpe;
  EXPECT_EQ(usage_error_at([&] { vocab(c); }), "`max_vocab`");
  c.limits = {};
  EXPECT_EQ(usage_error_at([&] { vocab(c); }), "`input`");  // subwords are learnt from one file
  c.vocab_size = 2;
  EXPECT_EQ(usage_error_at([&] { vocab(c); }), "`vocab_size`");
}

TEST(TextInput, ReadsFilesInOrderOrTheTextButNotBoth) {
  testing::TempDir dir;
  TextInput input;
  input.files = {testing::write_bytes(dir / "a.txt", "ab").string(), testing::write_bytes(dir / "b.txt", "c").string()};
  EXPECT_EQ(read_text_input(input, {}, "input").tokens, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(input.name(), (dir / "a.txt").string());
  input.text = "x";
  EXPECT_EQ(usage_error_at([&] { read_text_input(input, {}, "input"); }), "`input`");
  input.files.clear();
  EXPECT_EQ(read_text_input(input, {}, "input").tokens, (std::vector<std::string>{"x"}));
  input.text = std::string("\xff");
  try {
    read_text_input(input, {}, "input");
    ADD_FAILURE() << "invalid UTF-8 accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "text:byte 0");
  }
  input.text.reset();
  EXPECT_EQ(usage_error_at([&] { read_text_input(input, {}, "input"); }), "`input`");
}

}  // namespace
}  // namespace lstmkit::jobs
