#include "lstmkit/train/interrupt.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

namespace lstmkit::train {
namespace {

bool blocks(int sig) {
  sigset_t mask;
  pthread_sigmask(SIG_BLOCK, nullptr, &mask);
  return sigismember(&mask, sig) == 1;
}

// Ctrl-C must never run on a thread doing math (oneDNN issue #4845): after the watcher starts, the
// program's threads, and those they create later (oneDNN's OpenMP team), block both stop signals.
TEST(Interrupt, ThreadsDoingMathNeverReceiveTheStopSignals) {
  start_signal_watcher();
  EXPECT_TRUE(blocks(SIGINT));
  EXPECT_TRUE(blocks(SIGTERM));
  bool worker_blocks = false;
  std::thread([&] { worker_blocks = blocks(SIGINT) && blocks(SIGTERM); }).join();
  EXPECT_TRUE(worker_blocks);
}

TEST(Interrupt, ASignalToTheProcessRequestsAStopWhileCatching) {
  catch_interrupts();
  clear_interrupt();
  ASSERT_EQ(::kill(::getpid(), SIGINT), 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!interrupt_requested() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(interrupt_requested());
  clear_interrupt();
}

}  // namespace
}  // namespace lstmkit::train
