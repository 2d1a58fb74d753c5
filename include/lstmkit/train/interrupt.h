#pragma once
// Ctrl-C and SIGTERM ask training to stop: the handler only sets a flag, and the trainer checks it
// between steps, saves a checkpoint and returns, so the program can exit 130 with nothing lost.

namespace lstmkit::train {

// Installs SIGINT and SIGTERM handlers that set the flag (the program calls this, never the library).
void install_interrupt_handler();
bool interrupt_requested();
// For tests, and for a program that handles several runs in one process.
void request_interrupt();
void clear_interrupt();

}  // namespace lstmkit::train
