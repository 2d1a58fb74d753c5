#pragma once
// The library's jobs name their config fields in errors (`val_frac`); a command names the options that
// set them (`--val-frac`). A command runs its job through naming_options() with the fields it sets.
#include <string>
#include <utility>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/train/reporter.h"

namespace lstmkit::cli {

// Config field → the option that sets it, e.g. {"val_frac", "--val-frac"}, {"input", "--text"}.
using FieldOptions = std::vector<std::pair<std::string, std::string>>;

// Inside a catch block: throws `e` again, of the same class, at the option of its field, with every
// field named in its text (those with an underscore: allow_unk) renamed too; rethrows the current exception unchanged when `e` is not at one
// of `fields`.
[[noreturn]] void rethrow_at_option(const Error& e, const FieldOptions& fields);

// A job's notes name its fields too ("longer than max_len 3"): passes them on to `inner` with the
// fields of `fields` spelled as their options, as rethrow_at_option does.
class NamingReporter : public train::Reporter {
 public:
  NamingReporter(train::Reporter& inner, FieldOptions fields) : inner_(inner), fields_(std::move(fields)) {}
  void progress(const train::Progress& p) override { inner_.progress(p); }
  void note(const std::string& line) override;

 private:
  train::Reporter& inner_;
  FieldOptions fields_;
};

template <typename Job>
decltype(auto) naming_options(const FieldOptions& fields, Job&& job) {
  try {
    return job();
  } catch (const Error& e) {
    rethrow_at_option(e, fields);
  }
}

}  // namespace lstmkit::cli
