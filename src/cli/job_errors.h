#pragma once
// The library's jobs name their config fields in errors (`val_frac`); a command names the options that
// set them (`--val-frac`). A command runs its job through naming_options() with the fields it sets.
#include <string>
#include <utility>
#include <vector>

#include "lstmkit/error.h"

namespace lstmkit::cli {

// Config field → the option that sets it, e.g. {"val_frac", "--val-frac"}, {"input", "--text"}.
using FieldOptions = std::vector<std::pair<std::string, std::string>>;

// Inside a catch block: throws `e` again, of the same class, at the option of its field, with every
// field named in its text (those with an underscore: allow_unk) renamed too; rethrows the current exception unchanged when `e` is not at one
// of `fields`.
[[noreturn]] void rethrow_at_option(const Error& e, const FieldOptions& fields);

template <typename Job>
decltype(auto) naming_options(const FieldOptions& fields, Job&& job) {
  try {
    return job();
  } catch (const Error& e) {
    rethrow_at_option(e, fields);
  }
}

}  // namespace lstmkit::cli
