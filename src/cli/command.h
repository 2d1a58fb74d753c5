#pragma once
// A command is a name, a one-line summary, its option table and the function that runs it. Each command
// lives in its own <name>_command.cc and only parses options and calls the library.
// (CLI headers stay in src/cli/: they are the program's, not part of the installed library's API.)
#include <boost/program_options.hpp>
#include <functional>
#include <string>
#include <vector>

namespace lstmkit::infer {
struct TranslateOptions;
struct EncodedLines;
}  // namespace lstmkit::infer

namespace lstmkit::cli {

namespace po = boost::program_options;

struct Command {
  std::string name;
  std::string summary;
  // Fills the command's option table (name, type, default, help). `--help` is added by the dispatcher.
  std::function<void(po::options_description&)> declare_options;
  // Runs the command with parsed options and returns the exit code. Empty while the capability is not
  // built: the dispatcher then says so and exits 2 rather than pretending.
  std::function<int(const po::variables_map&)> run;
  // Positional arguments this command accepts, if any (name for help, max count; -1 = unlimited).
  std::string positional_name;
  int positional_max = 0;
  // What to try when the command runs out of memory (the options that size its work), if it has such.
  std::string memory_hint;
};

// Every command, in the order `lstmkit --help` lists them.
const std::vector<Command>& all_commands();

// The commands' factories, one per file.
Command vocab_command();
Command train_lm_command();
Command sample_command();
Command train_s2s_command();
Command translate_command();
Command train_ts_command();
Command forecast_command();
Command backtest_command();
Command eval_command();
Command summary_command();

// Seq2seq decoding options (--beam, --alpha, --max-len, --batch; --n-best where declared), shared by
// translate and eval (translate_command.cc), and the one-time warning about source tokens read as <unk>.
void declare_decode_options(po::options_description& o);
infer::TranslateOptions read_decode_options(const po::variables_map& vm);
void report_unknown(size_t unknown, const std::vector<std::string>& examples, const std::string& what);

}  // namespace lstmkit::cli
