#pragma once
// Progress on stderr: one redrawn line with a bar, rate, loss and ETA when stderr is a terminal; plain
// lines every `plain_interval` seconds otherwise (CI logs, `2> file`). Notes always get their own line.
// Under mpirun only rank 0 prints.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "lstmkit/train/reporter.h"

namespace lstmkit::cli {

class TerminalReporter : public train::Reporter {
 public:
  explicit TerminalReporter(std::FILE* out = stderr, double plain_interval = 30.0);
  ~TerminalReporter() override;
  void progress(const train::Progress& p) override;
  void note(const std::string& line) override;

 private:
  void clear_bar();
  std::FILE* out_;
  bool muted_;  // a data-parallel rank other than 0: rank 0 speaks for the job
  bool terminal_;
  bool bar_shown_ = false;
  double plain_interval_;
  std::chrono::steady_clock::time_point last_;
};

// Columns of the terminal `out` is, else $COLUMNS, else 80.
size_t terminal_width(std::FILE* out);

// `word` as one shell word: unchanged when it has no character a shell treats specially, else quoted.
std::string shell_word(const std::string& word);

// The end of a training run: the commands to try next, one "next: ..." line each, the same for every
// train command.
void note_next_commands(train::Reporter& reporter, const std::vector<std::string>& commands);

}  // namespace lstmkit::cli
