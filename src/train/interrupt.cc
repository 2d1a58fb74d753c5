#include "lstmkit/train/interrupt.h"

#include <pthread.h>

#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>

#include "lstmkit/io/unfinished_files.h"

namespace lstmkit::train {

namespace {

std::atomic<bool> g_interrupted{false};
std::atomic<bool> g_catching{false};
std::once_flag g_watcher_started;

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// Ends the program by `sig` as if no watcher existed (the default action, delivered to this thread),
// after removing the files that writes in progress had not finished.
[[noreturn]] void die_by(int sig) {
  io::remove_unfinished_files();
  std::signal(sig, SIG_DFL);
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, sig);
  pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
  pthread_kill(pthread_self(), sig);
  std::_Exit(128 + sig);  // not reached: the default action of SIGINT and SIGTERM ends the process
}

void watch(sigset_t set) {
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (g_catching.load() && !g_interrupted.exchange(true)) continue;  // the first one, while training
    die_by(sig);
  }
}

}  // namespace

void start_signal_watcher() {
  std::call_once(g_watcher_started, [] {
    const sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread(watch, set).detach();
  });
}

void catch_interrupts() {
  start_signal_watcher();
  g_catching.store(true);
}

bool interrupt_requested() { return g_interrupted.load(std::memory_order_relaxed); }
void request_interrupt() { g_interrupted.store(true, std::memory_order_relaxed); }
void clear_interrupt() { g_interrupted.store(false, std::memory_order_relaxed); }

}  // namespace lstmkit::train
