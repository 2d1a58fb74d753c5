#include "lstmkit/dist/communicator.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "dist/fake_ranks.h"
#include "lstmkit/dist/gather.h"
#include "lstmkit/dist/session.h"
#include "lstmkit/error.h"

namespace lstmkit::dist {
namespace {

TEST(World, IsOneRankOutsideMpirun) {
  ASSERT_FALSE(launched_as_rank()) << "run the unit tests without mpirun";
  Session session;  // a plain process: does not initialise MPI
  EXPECT_FALSE(session.active());
  EXPECT_EQ(world().rank(), 0);
  EXPECT_EQ(world().size(), 1);
  EXPECT_FALSE(any(world(), false));
  EXPECT_TRUE(any(world(), true));
}

TEST(World, ReadsTheJobSizeALauncherAnnounces) {
  EXPECT_EQ(launched_job_size(), 1);
  setenv("PMI_SIZE", "4", 1);
  EXPECT_TRUE(launched_as_rank());
  EXPECT_EQ(launched_job_size(), 4);
  setenv("PMI_SIZE", "many", 1);
  EXPECT_EQ(launched_job_size(), 1);
  unsetenv("PMI_SIZE");
  EXPECT_FALSE(launched_as_rank());
}

TEST(CheckSame, PassesEqualChecksumsAndNamesADifference) {
  ScriptedPeer same(0), differs(0);
  same.peer = {{7.0, -7.0}};
  EXPECT_NO_THROW(check_same(same, 7, "step 3"));
  differs.peer = {{9.0, -9.0}};
  try {
    check_same(differs, 7, "step 3");
    FAIL() << "a difference went unnoticed";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "step 3");
    EXPECT_NE(e.what_is_wrong().find("weights differ"), std::string::npos);
  }
}

// A language model's carried state [layers 2, streams, hidden 2]: rank 0 holds streams 0–1, rank 1
// stream 2. The whole keeps each layer's streams together, in stream order.
TEST(GatherDim1, ReassemblesTheRanksPartsInStreamOrder) {
  const std::vector<float> rank0 = {0, 1, 10, 11,   // layer 0: streams 0, 1
                                    100, 101, 110, 111};  // layer 1
  const std::vector<float> rank1 = {20, 21, 120, 121};     // stream 2 of layers 0 and 1
  const std::vector<float> whole = {0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121};
  ScriptedPeer as0(0), as1(1);
  as0.peer = {{1}, {rank1.begin(), rank1.end()}};
  as1.peer = {{2}, {rank0.begin(), rank0.end()}};
  const GatheredTensor g0 = gather_dim1(as0, {2, 2, 2}, rank0.data());
  const GatheredTensor g1 = gather_dim1(as1, {2, 1, 2}, rank1.data());
  EXPECT_EQ(g0.shape, (std::vector<int64_t>{2, 3, 2}));
  EXPECT_EQ(g0.data, whole);
  EXPECT_EQ(g1.shape, g0.shape);
  EXPECT_EQ(g1.data, whole);
}

}  // namespace
}  // namespace lstmkit::dist
