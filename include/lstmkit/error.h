#pragma once
// The library never prints and never exits: it throws lstmkit::Error, and only the CLI turns one into
// the line `lstmkit: error: <where>: <what>; <hint>` and an exit code.
#include <stdexcept>
#include <string>

namespace lstmkit {

class Error : public std::runtime_error {
 public:
  // where: file, file:line, file:byte N, or an option name; what: what is wrong; hint: what to do.
  Error(std::string where, std::string what, std::string hint = "");

  const std::string& where() const { return where_; }
  const std::string& what_is_wrong() const { return what_; }
  const std::string& hint() const { return hint_; }

 private:
  std::string where_, what_, hint_;
};

// A command-line mistake (unknown option, bad value, missing argument): exit code 2, not 1.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace lstmkit
