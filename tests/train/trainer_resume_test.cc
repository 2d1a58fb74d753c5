#include <gtest/gtest.h>

#include "train/trainer_fixtures.h"

namespace lstmkit::train {

TEST_F(TrainerTest, LmResumeMidEpochIsBitIdentical) { expect_lm_resume_is_exact(7); }
TEST_F(TrainerTest, LmResumeInTheSecondEpochIsBitIdentical) { expect_lm_resume_is_exact(20); }
TEST_F(TrainerTest, LmResumeAtAnEpochBoundaryIsBitIdentical) { expect_lm_resume_is_exact(13); }
TEST_F(TrainerTest, LmResumeBeforeTheFirstStepIsBitIdentical) { expect_lm_resume_is_exact(0); }

// The epoch's shuffle is drawn by begin_epoch: a resume must replay it from the generator as it was then.
TEST_F(TrainerTest, ResumeReplaysTheEpochShuffle) {
  SilentReporter silent;
  for (const int64_t at : {3, 5, 6, 10}) {
    SCOPED_TRACE("interrupted after step " + std::to_string(at));
    FakeTask straight;
    Trainer(straight, fake_options(dir_ / "straight", 3), silent).run();

    FakeTask first;
    InterruptAt stop(at);
    ASSERT_EQ(Trainer(first, fake_options(dir_ / "split", 3), stop).run().outcome, TrainOutcome::interrupted);
    clear_interrupt();
    FakeTask second;
    TrainerOptions resume = fake_options(dir_ / "split", 3);
    resume.resume = true;
    EXPECT_EQ(Trainer(second, resume, silent).run().step, 15);
    EXPECT_TRUE(same_bits(second.parameters(), straight.parameters()));
    EXPECT_EQ(untimed_log(dir_ / "split"), untimed_log(dir_ / "straight"));
    fs::remove_all(dir_);
  }
}

// A checkpoint written before train_state held the epoch's running loss still resumes.
TEST_F(TrainerTest, ResumesACheckpointWithoutTheRunningLoss) {
  SilentReporter silent;
  FakeTask first;
  InterruptAt stop(3);
  Trainer(first, fake_options(dir_, 1), stop).run();
  clear_interrupt();
  FakeTask second;
  io::Checkpoint cp = io::Checkpoint::load(last_model_path(dir_), second.parameters());
  nlohmann::json state = nlohmann::json::parse(cp.metadata.at("train_state"));
  ASSERT_EQ(state.erase("epoch_loss") + state.erase("epoch_units"), 2u);
  cp.metadata["train_state"] = state.dump();
  std::vector<io::TensorRef> extra;
  for (const auto& t : cp.extra) extra.push_back({t.name, t.shape, t.data.data()});
  io::Checkpoint::save(last_model_path(dir_), second.parameters(), extra, cp.metadata);

  TrainerOptions o = fake_options(dir_, 1);
  o.resume = true;
  EXPECT_EQ(Trainer(second, o, silent).run().step, 5);
  EXPECT_EQ(second.trained, 2);
}

}  // namespace lstmkit::train
