// lstmkit: dispatches `lstmkit <command> [options]` and turns every failure into one error line and
// an exit code (0 success, 1 bad input or runtime failure, 2 usage error, 130 interrupted: a training
// run after saving, an inference job between batches).
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "command.h"
#include "exit_codes.h"
#include "option_groups.h"
#include "option_checks.h"
#include "option_names.h"
#include "run_options.h"
#include "standard_output.h"
#include "lstmkit/dist/session.h"
#include "lstmkit/dist/startup.h"
#include "lstmkit/error.h"
#include "lstmkit/jobs/interrupted.h"
#include "lstmkit/text/visible_token.h"
#include "lstmkit/train/interrupt.h"
#include "lstmkit/version.h"
#include "suggest.h"

namespace lstmkit::cli {
namespace {

void print_usage(std::ostream& out) {
  out << "usage: lstmkit <command> [options]\n"
         "       lstmkit <command> --help     (or: lstmkit help <command>)\n"
         "       lstmkit --version\n\n"
         "lstmkit trains and runs recurrent sequence models (LSTM, GRU, RNN) on oneDNN.\n\n"
         "commands:\n";
  for (const auto& c : all_commands()) {
    std::string name = c.name;
    name.resize(12, ' ');
    out << "  " << name << c.summary << (c.run ? "" : " (not available yet)") << "\n";
  }
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& c : all_commands()) names.push_back(c.name);
  return names;
}

std::vector<std::string> option_names(const po::options_description& options) {
  std::vector<std::string> names;
  for (const auto& o : options.options()) names.push_back("--" + o->long_name());
  return names;
}

po::options_description declare_all(const Command& command) {
  po::options_description options;
  if (command.declare_options) command.declare_options(options);
  add_options(options, OptionGroup::general)
      ("verbose", po::bool_switch(), "also print internal details (oneDNN primitive shapes)")
      ("help,h", "show this help and exit");
  return options;
}

void print_command_help(const Command& command) {
  print_paragraph(std::cout, "lstmkit " + command.name + ": " + command.summary, 0, 80);
  std::cout << "\n";
  if (!command.run) {
    std::cout << "This command is not available in lstmkit " << version() << " yet.\n";
    return;
  }
  std::cout << "usage: lstmkit " << command.name << " [options]\n\n";
  print_help(std::cout, declare_all(command));
}

const Command& find_command(const std::string& name) {
  for (const auto& command : all_commands())
    if (command.name == name) return command;
  const std::string guess = closest_match(name, command_names());
  throw UsageError(name, name.rfind("-", 0) == 0 ? "unknown option" : "unknown command",
                   (guess.empty() ? "" : "did you mean '" + guess + "'? ") + "see `lstmkit --help`");
}

int run_command(const Command& command, int argc, char** argv) {
  const po::options_description options = declare_all(command);

  po::positional_options_description positional;
  po::options_description hidden;
  if (command.positional_max != 0) {
    hidden.add_options()(command.positional_name.c_str(),
                         po::value<std::vector<std::string>>()->multitoken());
    positional.add(command.positional_name.c_str(), command.positional_max);
  }
  po::options_description all;
  all.add(options).add(hidden);

  po::variables_map vm;
  try {
    // No prefix guessing: `--temp` for `--temperature` would silently change meaning the day another
    // option starting with "temp" is added; the unknown-option error below suggests the full name.
    const po::parsed_options parsed = po::command_line_parser(argc, argv)
                                          .options(all)
                                          .positional(positional)
                                          .style(po::command_line_style::default_style &
                                                 ~po::command_line_style::allow_guessing)
                                          .run();
    po::store(parsed, vm);
    if (vm.count("help")) {
      print_command_help(command);
      return kExitOk;
    }
    po::notify(vm);
    restore_run_options(options, vm);
    check_option_values(options, parsed, vm);
  } catch (const po::unknown_option& e) {
    const std::string name = e.get_option_name();
    const std::string guess = closest_match(name, option_names(options));
    throw UsageError(command.name, "unknown option '" + name + "'",
                     (guess.empty() ? "" : "did you mean '" + guess + "'? ") +
                         "see `lstmkit " + command.name + " --help`");
  } catch (const po::too_many_positional_options_error&) {
    throw UsageError(command.name, "unexpected extra argument",
                     "options take the form --name value; see `lstmkit " + command.name + " --help`");
  } catch (const po::error& e) {
    throw UsageError(command.name, e.what(), "see `lstmkit " + command.name + " --help`");
  }
  if (!command.run)
    throw UsageError(command.name, "this command is not available in lstmkit " + version() + " yet",
                     "see `lstmkit --help` for the commands that work today");
  try {
    return command.run(vm);
  } catch (const std::bad_alloc&) {
    throw Error(command.name, "out of memory",
                command.memory_hint.empty() ? "the input is too large for this machine" : command.memory_hint);
  }
}

int dispatch(int argc, char** argv) {
  if (argc < 2) {
    print_usage(std::cerr);
    return kExitUsage;
  }
  const std::string first = argv[1];
  if (first == "help" && argc > 2) {
    if (argc > 3) throw UsageError("help", "takes one command", "e.g. `lstmkit help train-lm`");
    print_command_help(find_command(argv[2]));
    return kExitOk;
  }
  if (first == "--help" || first == "-h" || first == "help") {
    print_usage(std::cout);
    return kExitOk;
  }
  if (first == "--version") {
    std::cout << "lstmkit " << version() << "\n";
    return kExitOk;
  }
  return run_command(find_command(first), argc - 1, argv + 1);
}

}  // namespace
}  // namespace lstmkit::cli

namespace {

// Under mpirun only the training commands share out their work; any other would run N times over.
void check_runs_on_ranks(int argc, char** argv) {
  if (lstmkit::dist::world().size() == 1) return;
  const std::string name = argc > 1 ? argv[1] : "";
  if (name != "train-lm" && name != "train-s2s" && name != "train-ts")
    throw lstmkit::UsageError("mpirun", "only train-lm, train-s2s and train-ts run on several processes",
                              "run `lstmkit " + name + "` without mpirun");
}

// One line of text whatever a message quotes (a binary file's bytes, a path with a newline), its
// settings named as options.
std::string one_line(const char* what) {
  return lstmkit::text::printable(lstmkit::cli::with_option_names(what), std::string::npos);
}

// A job that did not start: rank 0 says why, naming the rank that failed unless it was itself, and
// every rank exits with that rank's code.
int not_started(const lstmkit::dist::StartupFailure& f) {
  if (lstmkit::dist::world().rank() == 0)
    std::cerr << "lstmkit: error: " << (f.rank > 0 ? "rank " + std::to_string(f.rank) + ": " : "") << f.message
              << std::endl;
  return f.status;
}

int fail(const std::exception& e, int code, lstmkit::dist::Session* session) {
  lstmkit::dist::Communicator& world = lstmkit::dist::world();
  // Before training starts, every rank reports, failed or ready (dist/startup.h).
  if (world.size() > 1 && !lstmkit::dist::startup_reported())
    return not_started(lstmkit::dist::failed_to_start(world, code, one_line(e.what())));
  const int rank = world.rank();
  // Mid-run, ranks mostly fail alike (a loss that is not finite): rank 0 says so and ends the job, and
  // the others, given a moment, are ended before they repeat it. A rank that fails alone still speaks.
  if (rank > 0) std::this_thread::sleep_for(std::chrono::seconds(2));
  std::cerr << "lstmkit: error: " << (rank > 0 ? "rank " + std::to_string(rank) + ": " : "") << one_line(e.what())
            << std::endl;
  // The other ranks may be waiting for this one in a collective: only ending the job frees them.
  if (session && world.size() > 1) session->abort(code);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace lstmkit::cli;
  lstmkit::train::start_signal_watcher();  // before oneDNN starts any thread: see train/interrupt.h
  std::unique_ptr<lstmkit::dist::Session> session;  // MPI, only when mpirun started this process
  try {
    session = std::make_unique<lstmkit::dist::Session>();
    check_runs_on_ranks(argc, argv);
    const int code = dispatch(argc, argv);
    flush_stdout();
    return code;
  } catch (const lstmkit::dist::StartupFailed& e) {
    return not_started(e.failure());
  } catch (const lstmkit::UsageError& e) {
    return fail(e, kExitUsage, session.get());
  } catch (const lstmkit::jobs::Interrupted& e) {
    return fail(e, kExitInterrupted, session.get());
  } catch (const lstmkit::Error& e) {
    return fail(e, kExitFailure, session.get());
  } catch (const std::exception& e) {
    return fail(e, kExitFailure, session.get());
  }
}
