#pragma once
// Results go to stdout; a result nobody can read (a full disk, a closed pipe behind stdout) is a failure,
// not a success with exit code 0. `-` names stdin where a command reads a text.
#include <string>

#include "command.h"
#include "lstmkit/text/corpus.h"

namespace lstmkit::cli {

// --json: the results as one JSON object on stdout instead of the table, for scripts.
void declare_json_option(po::options_description& o);
bool json_requested(const po::variables_map& vm);

// The file at `path` as tokens, or standard input's whole text for `-` (errors then name "stdin").
text::Corpus read_corpus_argument(const std::string& path, const text::TextOptions& options);

// Standard input's whole bytes.
std::string read_stdin();

// How errors and warnings name `path`: "stdin" for `-`.
std::string input_name(const std::string& path);

// Throws lstmkit::UsageError at `option` for `-`, an output that must be a directory: `why` says what
// the command writes there.
void refuse_stdout_directory(const std::string& option, const std::string& path, const std::string& why);

// Flushes std::cout and stdout; throws lstmkit::Error at "stdout" if anything written so far was lost.
void flush_stdout();

}  // namespace lstmkit::cli
