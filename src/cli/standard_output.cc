#include "standard_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "lstmkit/error.h"
#include "lstmkit/text/tokenizer.h"
#include "lstmkit/text/utf8_reader.h"
#include "option_groups.h"

namespace lstmkit::cli {

void flush_stdout() {
  errno = 0;
  std::cout.flush();
  // std::cout writes through stdout's buffer (sync_with_stdio), so ferror sees a failure of either.
  const bool failed = std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout;
  if (!failed) return;
  const int err = errno;
  throw Error("stdout", std::string("cannot write the results") + (err ? std::string(" (") + std::strerror(err) + ")" : ""),
              "check the disk or the pipe that stdout goes to");
}

std::string read_stdin() {
  std::string bytes;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n == 0) return bytes;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error("stdin", std::string("cannot read: ") + std::strerror(errno), "give the text as a file");
    }
    bytes.append(buffer, static_cast<size_t>(n));
  }
}

void declare_json_option(po::options_description& o) {
  add_options(o, OptionGroup::output)("json", po::bool_switch(), "print the results as one JSON object instead of a table");
}

bool json_requested(const po::variables_map& vm) { return vm.count("json") && vm["json"].as<bool>(); }

std::string input_name(const std::string& path) { return path == "-" ? "stdin" : path; }

text::Corpus read_corpus_argument(const std::string& path, const text::TextOptions& options) {
  if (path != "-") return text::read_corpus(path, options);
  const text::Utf8Text decoded = text::decode_utf8(read_stdin(), "stdin", options.on_invalid);
  text::Corpus corpus;
  corpus.tokens = text::Tokenizer(options.unit, options.normalize).tokenize(decoded.text);
  corpus.replaced = decoded.replaced;
  return corpus;
}

void refuse_stdout_directory(const std::string& option, const std::string& path, const std::string& why) {
  if (path == "-")
    throw UsageError(option, "'-' (stdout) cannot be used here: " + why, "name a directory, e.g. " + option + " runs/first");
}

}  // namespace lstmkit::cli
