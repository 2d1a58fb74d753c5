#pragma once
// The library never prints and never exits: it throws lstmkit::Error, and only the CLI turns one into
// the line `lstmkit: error: <where>: <what>; <hint>` and an exit code.
//
// The library knows no front end, so it names a setting by its config field, in backticks: an error
// at `val_frac`, a hint "lower `batch` or `seq_len`". Each front end spells those as its users set
// them (the CLI `--val-frac`, Python `val_frac`) with name_settings().
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lstmkit {

class Error : public std::runtime_error {
 public:
  // where: file, file:line, file:byte N, a thing ("model", "stdin") or a setting (`val_frac`);
  // what: what is wrong; hint: what to do.
  Error(std::string where, std::string what, std::string hint = "");

  const std::string& where() const { return where_; }
  const std::string& what_is_wrong() const { return what_; }
  const std::string& hint() const { return hint_; }

 private:
  std::string where_, what_, hint_;
};

// A mistake in what was asked (a bad setting, an unknown option, a missing argument): the command line
// exits 2 for it, not 1.
class UsageError : public Error {
 public:
  using Error::Error;
};

// How the library names the setting of config field `field` in an error: the name in backticks.
std::string setting(std::string_view field);

// `text` with every setting in it (a backticked config field: `seq_len`) replaced by spell(field).
std::string name_settings(const std::string& text, const std::function<std::string(std::string_view)>& spell);

}  // namespace lstmkit
