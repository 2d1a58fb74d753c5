// The translator jobs as library calls: train_s2s, translate, evaluate_translations. Each is checked
// against the layers it composes (the same weights from a file or from memory, the decoder's own
// translations, the scorer's own scores), and its errors name config fields, never options.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "lstmkit/error.h"
#include "lstmkit/data/pair_split.h"
#include "lstmkit/infer/translation_scores.h"
#include "lstmkit/jobs/evaluate_translations.h"
#include "lstmkit/jobs/train_s2s.h"
#include "lstmkit/jobs/translate.h"
#include "models/ts_fixtures.h"
#include "support/job_fixtures.h"
#include "support/temp_dir.h"

namespace lstmkit::jobs {
namespace {

using lstmkit::testing::usage_error_at;

// Each word and its reversal: a task a tiny attention model starts to learn in a few epochs.
std::string reversal_pairs() {
  const char* words[] = {"abc", "bca", "cab", "abd", "dab", "bad", "cad", "dca", "acd", "bdc", "cbd", "dbca",
                         "abcd", "dcb", "ba", "ab", "cd", "dc", "ca", "bd", "db", "acb", "bac", "cba"};
  std::string tsv;
  for (const std::string w : words) tsv += w + "\t" + std::string(w.rbegin(), w.rend()) + "\n";
  return tsv;
}

S2sTrainConfig tiny(const std::filesystem::path& out) {
  models::testing::use_one_thread();
  S2sTrainConfig c;
  c.pairs.text = reversal_pairs();
  c.model.hidden = 8;
  c.model.embed = 6;
  c.val_sources = 4;
  c.batch = 4;
  c.trainer.epochs = 2;
  c.trainer.out = out;
  c.trainer.seed = 5;
  return c;
}

TEST(TrainS2sJob, TrainsReportsEachEpochAndGivesTheSameWeightsFromAFile) {
  testing::TempDir dir;
  testing::RecordingReporter recorder;
  S2sTrainConfig c = tiny(dir / "memory");
  c.trainer.valid_metrics = {"bleu", "chrf"};
  std::vector<TrainEpoch> epochs;
  c.on_epoch = [&](const TrainEpoch& e) { epochs.push_back(e); };
  const TrainS2sResult a = train_s2s(c, recorder);
  EXPECT_EQ(a.run.outcome, train::TrainOutcome::finished);
  ASSERT_EQ(epochs.size(), 2u);
  EXPECT_EQ(epochs[1].epoch, 2);
  EXPECT_EQ(epochs[1].step, a.run.step);
  ASSERT_TRUE(epochs[1].val_loss.has_value());
  EXPECT_EQ(epochs[1].metrics.count("bleu"), 1u);
  EXPECT_EQ(epochs[1].metrics.count("chrf"), 1u);
  EXPECT_TRUE(epochs[0].best);  // the first validation is the best so far
  EXPECT_EQ(a.train_pairs + a.val_pairs, 24u);
  ASSERT_GE(recorder.notes.size(), 2u);
  EXPECT_EQ(recorder.notes[0].rfind("train-s2s: ", 0), 0u);
  EXPECT_EQ(recorder.notes[1].rfind("precision ", 0), 0u);
  EXPECT_TRUE(std::filesystem::exists(a.best_model));

  S2sTrainConfig f = tiny(dir / "file");
  f.pairs.text.reset();
  f.pairs.file = lstmkit::testing::write_bytes(dir / "pairs.tsv", reversal_pairs()).string();
  train::SilentReporter quiet;
  const TrainS2sResult b = train_s2s(f, quiet);
  const auto x = a.model->parameters().values(), y = b.model->parameters().values();
  EXPECT_TRUE(std::equal(x.begin(), x.end(), y.begin(), y.end()));
}

TEST(TrainS2sJob, ErrorsAndNotesNameTheConfigFields) {
  testing::TempDir dir;
  train::SilentReporter quiet;
  auto with = [&](auto change) {
    S2sTrainConfig c = tiny(dir / "run");
    change(c);
    return usage_error_at([&] { train_s2s(c, quiet); });
  };
  EXPECT_EQ(with([](S2sTrainConfig& c) { c.val_frac = 1.5; }), "`val_frac`");
  EXPECT_EQ(with([](S2sTrainConfig& c) { c.batch = 0; }), "`batch`");
  EXPECT_EQ(with([](S2sTrainConfig& c) { c.model.tie_embeddings = true; }), "`tie_embeddings`");  // embed 6, hidden 8
  EXPECT_EQ(with([](S2sTrainConfig& c) { c.val_pairs.text = "a\tb\n"; }), "`val_sources`");
  EXPECT_EQ(with([](S2sTrainConfig& c) { c.pairs.file = "x.tsv"; }), "`pairs`");  // a text and a file
  EXPECT_EQ(with([](S2sTrainConfig& c) {
              c.text.unit = text::Unit::bpe;
              c.vocab_size = 2;
            }),
            "`vocab_size`");
  EXPECT_FALSE(std::filesystem::exists(dir / "run" / "model.safetensors"));
  S2sTrainConfig c = tiny(dir / "run");
  c.max_len = 3;
  testing::RecordingReporter recorder;
  train_s2s(c, recorder);
  bool dropped = false;
  for (const std::string& line : recorder.notes) dropped |= line.find("longer than `max_len` 3") != std::string::npos;
  EXPECT_TRUE(dropped);
}

TEST(TrainS2sJob, DefaultsFollowTheAttentionAndTyingTakesTheHiddenWidth) {
  const models::S2sConfig seed = default_s2s_model(std::nullopt);
  EXPECT_EQ(seed.embed, 0);
  EXPECT_FALSE(seed.bidirectional);
  EXPECT_TRUE(seed.reverse_source);
  const models::S2sConfig attention = default_s2s_model();
  EXPECT_EQ(attention.embed, 256);
  EXPECT_TRUE(attention.bidirectional);
  models::S2sConfig tied = default_s2s_model(std::nullopt);
  tied.hidden = 32;
  tied.tie_embeddings = true;
  resolve_s2s_defaults(tied, false, false);
  EXPECT_EQ(tied.embed, 32);
  models::S2sConfig given = default_s2s_model();
  given.embed = 12;
  given.bidirectional = false;
  resolve_s2s_defaults(given, true, true);
  EXPECT_EQ(given.embed, 12);
  EXPECT_FALSE(given.bidirectional);
}

TEST(TrainS2sJob, AnInterruptSavesTheCheckpoint) {
  testing::TempDir dir;
  train::SilentReporter quiet;
  const TrainS2sResult r = testing::interrupted([&] { return train_s2s(tiny(dir / "run"), quiet); });
  EXPECT_EQ(r.run.outcome, train::TrainOutcome::interrupted);
  EXPECT_TRUE(std::filesystem::exists(dir / "run" / "last.safetensors"));
}

class TrainedS2s : public ::testing::Test {
 protected:
  void SetUp() override {
    train::SilentReporter quiet;
    model_ = train_s2s(tiny(dir_ / "run"), quiet).model;
  }
  testing::TempDir dir_;
  std::unique_ptr<models::Seq2Seq> model_;
};

TEST_F(TrainedS2s, TranslateIsTheDecodersOutputAsText) {
  const std::vector<std::string> lines = {"abc", "", "dcb", "abcd", "zz"};
  TranslateConfig c;
  c.beam = 3;
  c.n_best = 2;
  c.alignments = true;
  const Translations t = translate(*model_, lines, c);
  const auto direct = infer::translate(*model_, infer::encode_lines(model_->source_vocab(), lines).ids, c);
  ASSERT_EQ(t.lines.size(), lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSERT_EQ(t.lines[i].size(), direct[i].size());
    for (size_t k = 0; k < direct[i].size(); ++k) {
      EXPECT_EQ(t.lines[i][k].text, model_->target_vocab().decode(direct[i][k].tokens));
      EXPECT_EQ(t.lines[i][k].score, direct[i][k].score);
      EXPECT_EQ(t.lines[i][k].alignment, direct[i][k].alignment);
    }
  }
  EXPECT_EQ(t.unknown, 2u);  // z, z
  EXPECT_EQ(t.unknown_examples, std::vector<std::string>{"z"});
  EXPECT_EQ(alignment_text({2, -1, 0}), "2-0 0-2");
}

TEST_F(TrainedS2s, TranslateErrorsNameTheConfigFields) {
  auto with = [&](auto change) {
    TranslateConfig c;
    change(c);
    return usage_error_at([&] { translate(*model_, {"abc"}, c); });
  };
  EXPECT_EQ(with([](TranslateConfig& c) { c.n_best = 2; }), "`n_best`");  // more than the beam
  EXPECT_EQ(with([](TranslateConfig& c) { c.beam = 0; }), "`beam`");
  EXPECT_EQ(with([](TranslateConfig& c) { c.max_len_ratio = 0; }), "`max_len_ratio`");
  EXPECT_EQ(with([](TranslateConfig& c) { c.batch = 0; }), "`batch`");
  TranslateConfig c;
  EXPECT_EQ(max_len_rule(c), "3 x source + 10");
  c.max_len_ratio = 1.5;
  c.max_len_add = 4;
  EXPECT_EQ(max_len_rule(c), "1.5 x source + 4");
  c.max_len = 7;
  EXPECT_EQ(max_len_rule(c), "7");
}

TEST_F(TrainedS2s, HypothesesEqualToTheModelsTranslationsScoreAsTheModelDoes) {
  TranslationEvalConfig c;
  c.pairs.text = reversal_pairs() + "abc\txyz\n";  // a second reference for abc
  c.decoding.beam = 2;
  const TranslationEvaluation by_model = evaluate_translations(*model_, c);
  EXPECT_EQ(by_model.pairs, 25u);
  EXPECT_EQ(by_model.scores.sources, 24u);
  EXPECT_EQ(by_model.scores.references, 25u);
  ASSERT_TRUE(by_model.loss.has_value());
  EXPECT_TRUE(std::isfinite(by_model.loss->loss));
  EXPECT_EQ(by_model.unit, "char");

  std::vector<std::string> distinct;
  const data::PairsFile file = data::parse_pairs(*c.pairs.text, "pairs");
  std::vector<size_t> all(file.pairs.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  for (const data::SourceReferences& s : data::references_by_source(file.pairs, all)) distinct.push_back(s.source);
  std::vector<std::string> hypotheses;
  for (const auto& line : translate(*model_, distinct, c.decoding).lines) hypotheses.push_back(line.front().text);
  const TranslationEvaluation by_file = evaluate_translations(hypotheses, "hyp.txt", c);
  EXPECT_EQ(by_file.scores.bleu.score, by_model.scores.bleu.score);
  EXPECT_EQ(by_file.scores.chrf, by_model.scores.chrf);
  EXPECT_EQ(by_file.scores.exact, by_model.scores.exact);
  EXPECT_FALSE(by_file.loss.has_value());
  EXPECT_EQ(evaluation_json(by_file).find("\"loss\""), std::string::npos);
  EXPECT_NE(evaluation_json(by_model).find("\"max_len_ratio\":3.0"), std::string::npos);

  hypotheses.pop_back();
  try {
    evaluate_translations(hypotheses, "hyp.txt", c);
    ADD_FAILURE() << "a missing line accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "hyp.txt");
  }
}

TEST(TranslateJob, AlignmentsNeedAttention) {
  testing::TempDir dir;
  train::SilentReporter quiet;
  S2sTrainConfig c = tiny(dir / "run");
  c.model = default_s2s_model(std::nullopt);
  c.model.hidden = 8;
  c.trainer.epochs = 1;
  const auto model = train_s2s(c, quiet).model;
  TranslateConfig t;
  t.alignments = true;
  try {
    translate(*model, {"abc"}, t);
    ADD_FAILURE() << "alignments without attention";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "`alignments`");
  }
}

}  // namespace
}  // namespace lstmkit::jobs
