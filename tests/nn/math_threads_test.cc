// Flush-to-zero and denormals-are-zero on every thread of oneDNN's OpenMP team (oneDNN #561), including
// threads the team already had before, with the bits cleared.
#include "lstmkit/nn/math_threads.h"

#include <atomic>
#include <limits>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "lstmkit/nn/dnnl_context.h"

namespace lstmkit::nn {
namespace {

// ctest pins OMP_NUM_THREADS=1; a team of 3 shows every thread is reached, not only the caller.
constexpr int kTeam = 3;

// How many threads of the team have FTZ and DAZ set, and how many distinct threads ran.
std::pair<int, int> flushed_threads() {
  std::atomic<int> flushed = 0;
  std::mutex m;
  std::set<std::thread::id> ids;
  on_math_threads([&](int) {
    if (denormals_flushed()) ++flushed;
    std::lock_guard lock(m);
    ids.insert(std::this_thread::get_id());
  });
  return {flushed.load(), static_cast<int>(ids.size())};
}

class MathThreads : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_ = math_threads();
    set_math_threads(kTeam);
  }
  void TearDown() override { set_math_threads(saved_); }
  int saved_ = 1;
};

TEST_F(MathThreads, FlushReachesEveryThreadOfAnExistingTeam) {
  keep_denormals();
  on_math_threads([](int) { keep_denormals(); });  // the team exists, its bits cleared
  ASSERT_EQ(flushed_threads(), std::make_pair(0, kTeam));

  flush_denormals_on_math_threads();
  EXPECT_EQ(flushed_threads(), std::make_pair(kTeam, kTeam));
  EXPECT_TRUE(denormals_flushed()) << "the calling thread";
}

TEST_F(MathThreads, DnnlContextFlushesAndTheCpuThenFlushes) {
  DnnlContext::get();
  EXPECT_EQ(flushed_threads(), std::make_pair(kTeam, kTeam));
  // The bits are honoured: a denormal product is zero, a denormal operand reads as zero.
  volatile float tiny = std::numeric_limits<float>::min();
  volatile float half = 0.5f;
  EXPECT_EQ(tiny * half, 0.0f);
  volatile float denormal = std::numeric_limits<float>::denorm_min();
  EXPECT_EQ(denormal + 0.0f, 0.0f);
}

}  // namespace
}  // namespace lstmkit::nn
