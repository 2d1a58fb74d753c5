#include "command.h"

namespace lstmkit::cli {

namespace {
// A command listed in the design whose capability has not landed yet: its help says so and running it
// exits 2 without producing anything.
Command not_yet(std::string name, std::string summary) {
  return Command{std::move(name), std::move(summary), {}, {}, "", 0};
}
}  // namespace

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {
      train_lm_command(),
      sample_command(),
      not_yet("train-s2s", "train a sequence-to-sequence translator on TSV sentence pairs"),
      not_yet("translate", "translate lines with a trained sequence-to-sequence model"),
      not_yet("train-ts", "train a time-series regressor on CSV columns or a synthetic series"),
      not_yet("forecast", "forecast a series with a trained time-series model"),
      eval_command(),
      summary_command(),
      vocab_command(),
  };
  return commands;
}

}  // namespace lstmkit::cli
