#pragma once
// Ctrl-C and SIGTERM. They are received by one thread of their own, never by a thread doing math:
// oneDNN's JIT GEMM kernels point the stack pointer into the heap while they run, so a signal handler
// executed on such a thread corrupts the heap (oneDNN issue #4845; seen here as "corrupted size vs.
// prev_size" aborts after Ctrl-C). start_signal_watcher() blocks both signals in the calling thread,
// which every thread created later inherits, and waits for them on a thread that runs nothing else.
//
// By default a signal then ends the program as it would have without the watcher. While training,
// after catch_interrupts(), the first one only sets a flag that the trainer checks between steps (it
// saves a checkpoint and returns, so the program can exit 130 with nothing lost); a second one ends the
// program at once.

namespace lstmkit::train {

// Call first thing in main(), before any other thread exists (the program calls this, never the library).
// Calling it again does nothing.
void start_signal_watcher();
// From now on SIGINT and SIGTERM request a stop instead of ending the program. Starts the watcher if
// the program has not, though threads created before then may still receive the signals.
void catch_interrupts();
bool interrupt_requested();
// For tests, and for a program that handles several runs in one process.
void request_interrupt();
void clear_interrupt();

}  // namespace lstmkit::train
