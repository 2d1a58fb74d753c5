#include "lstmkit/dist/startup.h"

#include <gtest/gtest.h>

#include "dist/fake_ranks.h"

namespace lstmkit::dist {
namespace {

TEST(Startup, OneRankHasNothingToAgreeOn) {
  ready_to_train(world());
  const StartupFailure f = failed_to_start(world(), 1, "a.txt: cannot read");
  EXPECT_EQ(f.rank, 0);
  EXPECT_EQ(f.status, 1);
  EXPECT_EQ(f.message, "a.txt: cannot read");
}

TEST(Startup, AReadyRankLearnsAnotherRanksFailure) {
  ScriptedPeer ready(0);
  ready.peer_text = {"2\n/data/b.txt: cannot read (No such file or directory)"};
  try {
    ready_to_train(ready);
    FAIL() << "rank 1's failure went unnoticed";
  } catch (const StartupFailed& e) {
    EXPECT_EQ(e.failure().rank, 1);
    EXPECT_EQ(e.failure().status, 2);
    EXPECT_EQ(e.failure().message, "/data/b.txt: cannot read (No such file or directory)");
  }
  EXPECT_TRUE(startup_reported());
}

TEST(Startup, AllReadyStartsTraining) {
  ScriptedPeer ready(1);
  ready.peer_text = {""};
  EXPECT_NO_THROW(ready_to_train(ready));
}

TEST(Startup, TheFirstFailingRankSpeaksForTheJob) {
  ScriptedPeer rank1(1);
  rank1.peer_text = {"1\nrank 0's reason\nover two lines"};
  const StartupFailure f = failed_to_start(rank1, 2, "rank 1's reason");
  EXPECT_EQ(f.rank, 0);
  EXPECT_EQ(f.status, 1);
  EXPECT_EQ(f.message, "rank 0's reason\nover two lines");

  ScriptedPeer rank0(0);
  rank0.peer_text = {""};
  EXPECT_EQ(failed_to_start(rank0, 2, "mine").message, "mine");
}

}  // namespace
}  // namespace lstmkit::dist
