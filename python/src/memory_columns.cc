#include "memory_columns.h"

#include <pybind11/numpy.h>

#include <string>

#include "lstmkit/error.h"

namespace py = pybind11;

namespace lstmkit::python {

namespace {

std::string shape_text(const py::array& a) {
  std::string text = "(";
  for (py::ssize_t d = 0; d < a.ndim(); ++d) text += (d ? ", " : "") + std::to_string(a.shape(d));
  return text + (a.ndim() == 1 ? ",)" : ")");
}

std::string dtype_text(const py::array& a) { return py::str(a.dtype()).cast<std::string>(); }

bool is_float(const py::array& a) {
  return a.dtype().kind() == 'f' && (a.itemsize() == 4 || a.itemsize() == 8);
}

// A float64 value is rounded to float32 as a CSV reader rounds the number written in the file; one past
// float32's range becomes infinite, a missing value under the fill policy.
std::vector<float> numbers(const py::array& a, py::ssize_t column) {
  std::vector<float> out(static_cast<size_t>(a.shape(0)));
  auto copy = [&](auto typed) {
    for (py::ssize_t r = 0; r < a.shape(0); ++r)
      out[static_cast<size_t>(r)] = static_cast<float>(a.ndim() == 1 ? typed(r) : typed(r, column));
  };
  // forcecast: in the machine's byte order whatever the array's.
  if (a.itemsize() == 4)
    copy(py::array_t<float, py::array::forcecast>::ensure(a).unchecked());
  else
    copy(py::array_t<double, py::array::forcecast>::ensure(a).unchecked());
  return out;
}

// The array a column's value stands for: numbers as they are, anything else through numpy.asarray.
py::array as_array(py::handle value, const std::string& keyword) {
  try {
    return py::module_::import("numpy").attr("asarray")(value);
  } catch (const py::error_already_set&) {
    throw UsageError(keyword, "is no array", "give a numpy array");
  }
}

data::MemoryColumn column_of(const std::string& name, py::handle value) {
  const std::string keyword = "columns['" + name + "']";
  const py::array a = as_array(value, keyword);
  if (a.ndim() != 1)
    throw UsageError("columns", "column '" + name + "' must be one-dimensional", "got shape " + shape_text(a));
  data::MemoryColumn c;
  c.name = name;
  if (is_float(a)) {
    c.numbers = numbers(a, 0);
    return c;
  }
  const char kind = a.dtype().kind();
  if (kind == 'U' || kind == 'O') {
    c.is_text = true;
    for (py::handle item : a) {
      if (!py::isinstance<py::str>(item))
        throw UsageError("columns", "column '" + name + "' holds " + py::str(py::type::of(item)).cast<std::string>() + " values",
                         "give float32 or float64 numbers, or str for a time, label, group or series column");
      c.texts.push_back(item.cast<std::string>());
    }
    return c;
  }
  throw UsageError("columns", "column '" + name + "' has dtype " + dtype_text(a),
                   "give float32 or float64 numbers (e.g. .astype(np.float32)), or str for a time, label, group or "
                   "series column");
}

data::ColumnTable series_table(py::handle value) {
  const py::array a = as_array(value, "series");
  if (!is_float(a))
    throw UsageError("series", "has dtype " + dtype_text(a), "give float32 or float64 values, e.g. y.astype(np.float32)");
  if (a.ndim() != 1 && a.ndim() != 2)
    throw UsageError("series", "must be an array [T] or [T, F]", "got shape " + shape_text(a));
  data::ColumnTable t;
  if (a.ndim() == 1) {
    t.columns.push_back({"value", numbers(a, 0), {}, false});
    return t;
  }
  for (py::ssize_t f = 0; f < a.shape(1); ++f) t.columns.push_back({"column" + std::to_string(f), numbers(a, f), {}, false});
  return t;
}

data::ColumnTable columns_table(py::handle value) {
  if (!py::isinstance<py::dict>(value))
    throw UsageError("columns", "must be a dict of column name -> array", "got " + py::str(py::type::of(value)).cast<std::string>());
  data::ColumnTable t;
  for (auto [key, column] : py::reinterpret_borrow<py::dict>(value)) {
    if (!py::isinstance<py::str>(key))
      throw UsageError("columns", "names must be str", "got " + py::str(py::type::of(key)).cast<std::string>());
    t.columns.push_back(column_of(key.cast<std::string>(), column));
    const data::MemoryColumn& first = t.columns.front();
    if (t.columns.back().rows() != first.rows())
      throw UsageError("columns",
                       "column '" + t.columns.back().name + "' has " + std::to_string(t.columns.back().rows()) +
                           " rows, column '" + first.name + "' " + std::to_string(first.rows()),
                       "give columns of one length");
  }
  if (t.columns.empty()) throw UsageError("columns", "is empty", "give at least one named column");
  return t;
}

py::object pop(py::dict& kwargs, const char* name) {
  if (!kwargs.contains(name)) return py::none();
  py::object value = kwargs[name];
  PyDict_DelItemString(kwargs.ptr(), name);
  return value;
}

}  // namespace

std::shared_ptr<const data::ColumnTable> pop_memory_columns(py::dict& kwargs) {
  const py::object series = pop(kwargs, "series"), columns = pop(kwargs, "columns");
  if (!series.is_none() && !columns.is_none())
    throw UsageError("series", "cannot be combined with columns", "give one of them");
  if (!series.is_none()) return std::make_shared<const data::ColumnTable>(series_table(series));
  if (!columns.is_none()) return std::make_shared<const data::ColumnTable>(columns_table(columns));
  return nullptr;
}

}  // namespace lstmkit::python
