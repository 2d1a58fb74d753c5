#pragma once
// Runs a library job from Python: on the jobs' thread, which has SIGINT and SIGTERM blocked (so that no
// math thread ever runs a signal handler: train/interrupt.h), with the GIL released, while the calling
// thread waits and lets Python see Ctrl-C. A Ctrl-C asks the job to stop (train::request_interrupt: a
// training run saves its checkpoint and returns, an inference job throws jobs::Interrupted between
// batches, its result dropped) and is raised as KeyboardInterrupt once it has.
// Jobs run one at a time: they share oneDNN's one stream.
#include <pybind11/pybind11.h>

#include <exception>
#include <functional>

namespace lstmkit::python {

void run_job(const std::function<void()>& job);

// Calls a Python callback from the job's thread. A Python exception it raises stops the job as Ctrl-C
// does and is raised by run_job once the job has stopped.
void call_python(const std::function<void()>& callback);

}  // namespace lstmkit::python
