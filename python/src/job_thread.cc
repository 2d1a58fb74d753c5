#include "job_thread.h"

#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <csignal>
#include <future>
#include <mutex>
#include <thread>

#include "lstmkit/train/interrupt.h"

namespace py = pybind11;

namespace lstmkit::python {

namespace {

std::mutex g_one_job;
// A Python exception raised by a callback during the current job (guarded by the GIL).
std::exception_ptr g_callback_error;

// The one thread every job runs on, for the life of the process. One thread, not one per job: oneDNN's
// scratchpad is per thread, so a primitive a model built on one thread may not run on another.
class JobThread {
 public:
  static JobThread& get() {
    static JobThread* thread = new JobThread;  // never destroyed: it may be busy when Python exits
    return *thread;
  }

  std::future<void> submit(const std::function<void()>& job) {
    std::packaged_task<void()> task(job);
    std::future<void> done = task.get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(task));
    }
    wake_.notify_one();
    return done;
  }

 private:
  // Blocks SIGINT and SIGTERM while the thread starts, so that it and the OpenMP threads it starts
  // inherit the mask; the calling thread's mask is restored at once.
  JobThread() {
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    std::thread([this] { serve(); }).detach();
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
  }

  [[noreturn]] void serve() {
    for (;;) {
      std::packaged_task<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return !queue_.empty(); });
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::packaged_task<void()>> queue_;
};

}  // namespace

void call_python(const std::function<void()>& callback) {
  py::gil_scoped_acquire gil;
  if (g_callback_error) return;
  try {
    callback();
  } catch (py::error_already_set&) {
    g_callback_error = std::current_exception();
    train::request_interrupt();
  }
}

void run_job(const std::function<void()>& job) {
  std::exception_ptr job_error;
  std::exception_ptr interrupt;
  {
    py::gil_scoped_release released;
    std::lock_guard<std::mutex> one(g_one_job);
    train::clear_interrupt();
    std::future<void> finished = JobThread::get().submit(job);
    while (finished.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      py::gil_scoped_acquire gil;
      if (!interrupt && PyErr_CheckSignals() != 0) {
        // The handler raised (KeyboardInterrupt, or whatever a Python SIGINT handler raises): keep it for
        // after the job has saved and stopped.
        try {
          throw py::error_already_set();
        } catch (py::error_already_set&) {
          interrupt = std::current_exception();
        }
        train::request_interrupt();
      }
    }
    try {
      finished.get();
    } catch (...) {
      job_error = std::current_exception();
    }
    train::clear_interrupt();
  }
  std::exception_ptr callback_error = std::exchange(g_callback_error, nullptr);
  if (interrupt) std::rethrow_exception(interrupt);
  if (callback_error) std::rethrow_exception(callback_error);
  if (job_error) std::rethrow_exception(job_error);
}

}  // namespace lstmkit::python
