#include "command.h"

namespace lstmkit::cli {

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {
      train_lm_command(),
      sample_command(),
      train_s2s_command(),
      translate_command(),
      train_ts_command(),
      forecast_command(),
      backtest_command(),
      eval_command(),
      summary_command(),
      vocab_command(),
  };
  return commands;
}

}  // namespace lstmkit::cli
