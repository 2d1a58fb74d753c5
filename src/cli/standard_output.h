#pragma once
// Results go to stdout; a result nobody can read (a full disk, a closed pipe behind stdout) is a failure,
// not a success with exit code 0.
namespace lstmkit::cli {

// Flushes std::cout and stdout; throws lstmkit::Error at "stdout" if anything written so far was lost.
void flush_stdout();

}  // namespace lstmkit::cli
