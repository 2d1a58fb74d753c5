#include "lstmkit/dist/gradient_reducer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "dist/fake_ranks.h"
#include "lstmkit/error.h"

namespace lstmkit::dist {
namespace {

// Tensors a.w (3 floats), b.w (5), b.b (2): 10 floats; with 16-byte buckets [0, 3) [3, 7) [7, 10).
nn::Parameters three_tensors() {
  nn::Parameters p;
  p.add("a.w", {3});
  p.add("b.w", {5});
  p.add("b.b", {2});
  return p;
}

void fill(nn::Parameters& p, std::vector<float> g) { std::ranges::copy(g, p.grads().begin()); }
std::vector<float> grads(const nn::Parameters& p) { return {p.grads().begin(), p.grads().end()}; }

// Waits (up to 10 s) until `comm` has made `n` collectives.
bool reaches(const ScriptedPeer& comm, size_t n) {
  for (int i = 0; i < 10000 && comm.calls.load() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return comm.calls.load() >= n;
}

TEST(GradientReducer, OneRankLeavesEverythingAsItIs) {
  nn::Parameters p = three_tensors();
  GradientReducer reducer(world(), p, 16);
  fill(p, {1, -2, 3, 4, 5, 6, 7, 8, 9, 10});
  const BatchTotals t = reducer.finish(0.5, 3);
  EXPECT_EQ(grads(p), (std::vector<float>{1, -2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(t.loss, 0.5);
  EXPECT_EQ(t.count, 3);
}

TEST(GradientReducer, CutsTheBufferAtTensorsAndATensorLargerThanABucketInPieces) {
  nn::Parameters p = three_tensors();
  ScriptedPeer comm(0);
  EXPECT_EQ(GradientReducer(comm, p, 16).buckets(), 3u);   // [0, 3) [3, 7) [7, 10)
  EXPECT_EQ(GradientReducer(comm, p, 40).buckets(), 1u);   // all 10 floats fit
  EXPECT_EQ(GradientReducer(comm, p, 0).buckets(), 1u);    // 0: one bucket
  EXPECT_EQ(GradientReducer(comm, p, 4).buckets(), 10u);   // a float each
}

// Rank 0 took 3 units with mean loss 1.0 and gradient (of that mean) g0; rank 1 took 1 unit with loss
// 5.0 and gradient g1. The whole batch's mean is (3·1 + 1·5) / 4 = 2, its gradient (3·g0 + 1·g1) / 4 —
// not the mean of the ranks' means, 3.0 and (g0 + g1) / 2.
TEST(GradientReducer, WeighsEachRankByItsShareOfTheBatch) {
  nn::Parameters p;
  p.add("w", {2});
  ScriptedPeer comm(0);
  comm.peer = {{1},                     // rank 1's count
               {0.25 * 8, 0.25 * -4},  // its gradient (8, −4), weighted by its share 1/4
               {5.0 * 1}};             // its loss sum
  GradientReducer reducer(comm, p, 0);
  fill(p, {4, 0});
  const BatchTotals t = reducer.finish(1.0, 3);
  EXPECT_DOUBLE_EQ(t.loss, 2.0);
  EXPECT_EQ(t.count, 4);
  EXPECT_FLOAT_EQ(p.grads()[0], (3 * 4.0f + 8) / 4);
  EXPECT_FLOAT_EQ(p.grads()[1], (3 * 0.0f - 4) / 4);
}

TEST(GradientReducer, ARankWithoutExamplesContributesNothing) {
  nn::Parameters p;
  p.add("w", {2});
  ScriptedPeer comm(1);
  comm.peer = {{4}, {1.0, 2.0}, {2.0 * 4}};
  GradientReducer reducer(comm, p, 0);  // a short last batch left this rank nothing: zero gradients
  const BatchTotals t = reducer.finish(0, 0);
  EXPECT_DOUBLE_EQ(t.loss, 2.0);
  EXPECT_EQ(t.count, 4);
  EXPECT_EQ(grads(p), (std::vector<float>{1, 2}));
}

// Each float is weighted and summed alike whatever the buckets: bit for bit one allreduce's result.
TEST(GradientReducer, BucketsGiveExactlyTheOneAllreduceResult) {
  const std::vector<float> mine = {0.1f, -0.7f, 1e-3f, 3.3f, 2.2f, -1.1f, 0.9f, 5.5f, -4.4f, 0.3f};
  const std::vector<double> theirs = {0.2, 0.4, -0.6, 1.7, -2.9, 0.01, 7.0, -0.5, 0.25, 1e-4};
  std::vector<std::vector<float>> results;
  for (size_t bytes : {0, 16, 4}) {
    nn::Parameters p = three_tensors();
    ScriptedPeer comm(0);
    GradientReducer reducer(comm, p, bytes);
    comm.peer.push_back({3});
    size_t begin = 0;
    for (size_t size : bytes == 0 ? std::vector<size_t>{10} : bytes == 16 ? std::vector<size_t>{3, 4, 3}
                                                                          : std::vector<size_t>(10, 1)) {
      comm.peer.emplace_back(theirs.begin() + static_cast<std::ptrdiff_t>(begin),
                             theirs.begin() + static_cast<std::ptrdiff_t>(begin + size));
      begin += size;
    }
    comm.peer.push_back({0.3});
    fill(p, mine);
    reducer.finish(0.1, 7);
    results.push_back(grads(p));
  }
  EXPECT_EQ(results[0], results[1]);
  EXPECT_EQ(results[0], results[2]);
}

// The first step sends everything at the seam, in buffer order, and fixes rank 0's order of readiness
// (b.w and b.b, then a.w) for every rank; from the second step a finished bucket is sent at once, by
// the communication thread, while backward goes on.
TEST(GradientReducer, SendsWhatBackwardFinishedWhileItGoesOn) {
  nn::Parameters p = three_tensors();
  ScriptedPeer comm(0, /*concurrent=*/true);
  GradientReducer reducer(comm, p, 16);
  const auto backward = [&](const std::function<void()>& after_b) {
    p.zero_grads();
    fill(p, {1, 1, 1, 2, 2, 2, 2, 2, 2, 2});
    p.backward_started(1);
    p.gradients_final("b.");
    after_b();
    p.gradients_final("a.");
  };
  // Rank 1's values for: count, buckets [0, 3) [3, 7) [7, 10), loss.
  comm.peer = {{1}, {0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0}, {0}};
  backward([&] { EXPECT_EQ(comm.calls.load(), 0u); });
  reducer.finish(0, 1);
  EXPECT_TRUE(comm.peer.empty());

  // Now: count, [3, 7) and [7, 10) during backward, [0, 3) when a.w is final, loss at the seam.
  comm.calls = 0;
  comm.peer = {{1}, {10, 10, 10, 10}, {10, 10, 10}, {30, 30, 30}, {0}};
  backward([&] { EXPECT_TRUE(reaches(comm, 3)) << "b's buckets were not sent before the seam"; });
  const BatchTotals t = reducer.finish(0, 1);
  EXPECT_EQ(t.count, 2);
  EXPECT_EQ(grads(p), (std::vector<float>{30.5f, 30.5f, 30.5f, 11, 11, 11, 11, 11, 11, 11}));  // weight 1/2
  EXPECT_TRUE(comm.peer.empty());
}

// A tensor tied to another name is final when both are (an LM's head.weight is also embed.weight).
TEST(GradientReducer, ATiedTensorWaitsForBothItsNames) {
  nn::Parameters p;
  const nn::ParamId head = p.add("head.w", {2});
  p.add("rnn.w", {2});
  p.tie("embed.w", head);
  ScriptedPeer comm(0, /*concurrent=*/true);
  GradientReducer reducer(comm, p, 8);  // [head.w] [rnn.w]
  comm.peer = {{1}, {0, 0}, {0, 0}, {0}};
  p.zero_grads();
  p.backward_started(1);
  p.gradients_final("rnn.");
  p.gradients_final("head.");
  p.gradients_final("embed.");
  reducer.finish(0, 1);  // the first step agrees on rank 0's order: rnn.w, then head.w

  comm.calls = 0;
  comm.peer = {{1}, {0, 0}, {0, 0}, {0}};
  p.zero_grads();
  p.backward_started(1);
  p.gradients_final("head.");
  p.gradients_final("rnn.");
  EXPECT_TRUE(reaches(comm, 2));  // count, rnn.w
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(comm.calls.load(), 2u) << "head.w was sent before embed.w's gradient was added";
  p.gradients_final("embed.");
  reducer.finish(0, 1);
  EXPECT_TRUE(comm.peer.empty());
}

TEST(GradientReducer, RefusesACountOtherThanTheModelAnnounced) {
  nn::Parameters p = three_tensors();
  ScriptedPeer comm(0);
  comm.peer = {{1}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {0}};
  GradientReducer reducer(comm, p, 0);
  p.zero_grads();
  p.backward_started(5);
  EXPECT_THROW(reducer.finish(0, 4), Error);
}

}  // namespace
}  // namespace lstmkit::dist
