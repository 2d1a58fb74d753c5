#pragma once
// A job's config from Python keyword arguments: each field read by its name with its type checked, and
// a name the job does not have refused (a typo must not be a silently ignored option). Errors are
// lstmkit::UsageError at the field's name, as the library's own.
#include <pybind11/pybind11.h>

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lstmkit::python {

class ConfigFields {
 public:
  // `job` names the call in errors ("LanguageModel.train").
  ConfigFields(const pybind11::dict& kwargs, std::string job);

  // Sets `out` when `name` was given (and is not None).
  void read(const char* name, int& out);
  void read(const char* name, int64_t& out);
  void read(const char* name, uint64_t& out);
  void read(const char* name, double& out);
  void read(const char* name, float& out);
  void read(const char* name, bool& out);
  void read(const char* name, std::string& out);
  // A str, or a list of str.
  void read(const char* name, std::vector<std::string>& out);
  // An enum or any value given as a name: `parse(text, name)` converts it.
  template <typename T>
  void read(const char* name, T& out, const std::function<T(const std::string&, const std::string&)>& parse) {
    std::string text;
    read(name, text);
    if (given(name)) out = parse(text, name);
  }
  bool given(const char* name) const;

  // Throws for every keyword that was not read.
  void finish() const;

 private:
  pybind11::handle get(const char* name);
  pybind11::dict kwargs_;
  std::string job_;
  std::set<std::string> read_;
};

}  // namespace lstmkit::python
