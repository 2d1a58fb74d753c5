#pragma once
// The text a job reads: files (concatenated in order) or a string held in memory, so that a program
// that already has the text (a Python caller, stdin read by the CLI) need not write it to a file first.
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/text/corpus.h"

namespace lstmkit::jobs {

struct TextInput {
  std::vector<std::string> files;   // read in this order, as one text
  std::optional<std::string> text;  // used instead of files when set
  // Names the in-memory text in errors ("text:byte N").
  std::string text_name = "text";

  // The first file, or text_name: what a message about the whole input calls it.
  std::string name() const;
};

// The input as tokens. Throws lstmkit::Error at `field` when neither files nor text are given, or both,
// and as text::read_corpus does for a file that cannot be read or invalid UTF-8.
text::Corpus read_text_input(const TextInput& input, const text::TextOptions& options, const std::string& field);

}  // namespace lstmkit::jobs
