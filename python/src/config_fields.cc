#include "config_fields.h"

#include <cmath>
#include <limits>

#include "lstmkit/error.h"

namespace py = pybind11;

namespace lstmkit::python {

namespace {

[[noreturn]] void wrong_type(const char* name, const char* want, py::handle value) {
  throw UsageError(name, std::string("must be ") + want, "got " + py::str(py::type::of(value)).cast<std::string>());
}

// A Python int (bool excluded: True is no count) within [low, high].
long long integer(const char* name, py::handle value, long long low, long long high) {
  if (!PyLong_Check(value.ptr()) || PyBool_Check(value.ptr())) wrong_type(name, "an integer", value);
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (overflow != 0 || v < low || v > high)
    throw UsageError(name, "is out of range", "give an integer between " + std::to_string(low) + " and " + std::to_string(high));
  return v;
}

}  // namespace

ConfigFields::ConfigFields(const py::dict& kwargs, std::string job) : kwargs_(kwargs), job_(std::move(job)) {}

py::handle ConfigFields::get(const char* name) {
  read_.insert(name);
  if (!kwargs_.contains(name)) return py::handle();
  py::handle value = kwargs_[name];
  return value.is_none() ? py::handle() : value;
}

bool ConfigFields::given(const char* name) const { return kwargs_.contains(name) && !kwargs_[name].is_none(); }

void ConfigFields::read(const char* name, int& out) {
  if (py::handle v = get(name)) out = static_cast<int>(integer(name, v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}
void ConfigFields::read(const char* name, int64_t& out) {
  if (py::handle v = get(name)) out = integer(name, v, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
}
void ConfigFields::read(const char* name, uint64_t& out) {
  py::handle v = get(name);
  if (!v) return;
  if (!PyLong_Check(v.ptr()) || PyBool_Check(v.ptr())) wrong_type(name, "an integer", v);
  const unsigned long long u = PyLong_AsUnsignedLongLong(v.ptr());
  if (PyErr_Occurred()) {
    PyErr_Clear();
    throw UsageError(name, "is out of range", "give an integer between 0 and 2^64 - 1");
  }
  out = u;
}
void ConfigFields::read(const char* name, double& out) {
  py::handle v = get(name);
  if (!v) return;
  if (!(PyFloat_Check(v.ptr()) || PyLong_Check(v.ptr())) || PyBool_Check(v.ptr())) wrong_type(name, "a number", v);
  out = v.cast<double>();
  if (!std::isfinite(out)) throw UsageError(name, "must be a finite number", "got " + std::to_string(out));
}
void ConfigFields::read(const char* name, float& out) {
  double d = out;
  read(name, d);
  out = static_cast<float>(d);
}
void ConfigFields::read(const char* name, bool& out) {
  py::handle v = get(name);
  if (!v) return;
  if (!PyBool_Check(v.ptr())) wrong_type(name, "True or False", v);
  out = v.cast<bool>();
}
void ConfigFields::read(const char* name, std::string& out) {
  py::handle v = get(name);
  if (!v) return;
  if (!PyUnicode_Check(v.ptr())) wrong_type(name, "a str", v);
  out = v.cast<std::string>();
}

void ConfigFields::read(const char* name, std::vector<std::string>& out) {
  py::handle v = get(name);
  if (!v) return;
  if (PyUnicode_Check(v.ptr())) {
    out = {v.cast<std::string>()};
    return;
  }
  if (!PyList_Check(v.ptr()) && !PyTuple_Check(v.ptr())) wrong_type(name, "a str or a list of str", v);
  out.clear();
  for (py::handle item : v) {
    if (!PyUnicode_Check(item.ptr())) wrong_type(name, "a str or a list of str", item);
    out.push_back(item.cast<std::string>());
  }
}

void ConfigFields::finish() const {
  for (const auto& item : kwargs_) {
    const std::string name = py::str(item.first).cast<std::string>();
    if (read_.count(name)) continue;
    std::string known;
    for (const auto& r : read_) known += (known.empty() ? "" : ", ") + r;
    throw UsageError(name, "is not an option of " + job_, "its options are " + known);
  }
}

}  // namespace lstmkit::python
