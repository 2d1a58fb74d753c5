#pragma once
// The sentence pairs a translation job reads: a TSV file, or the same TSV text held in memory (a Python
// caller's list of pairs), read by the same code so that both give the same pairs.
#include <optional>
#include <string>

#include "lstmkit/data/pairs.h"

namespace lstmkit::jobs {

struct PairsInput {
  std::string file;                 // source<TAB>target per line
  std::optional<std::string> text;  // the same lines in memory, used instead of file when set
  std::string text_name = "pairs";  // names the in-memory text in errors ("pairs:3")

  bool given() const { return text || !file.empty(); }
  // The file, or text_name.
  std::string name() const;
};

// Throws lstmkit::UsageError at `field` when neither a file nor a text is given, or both; otherwise as
// data::read_pairs does.
data::PairsFile read_pairs_input(const PairsInput& input, const data::PairsReadOptions& options,
                                 const std::string& field);

}  // namespace lstmkit::jobs
