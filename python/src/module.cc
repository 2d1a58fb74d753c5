// lstmkit._lstmkit: the library's jobs for Python. The package lstmkit (python/lstmkit/) gives them
// their Keras-like shape; this module converts arguments and errors.
#include <pybind11/pybind11.h>

#include "bindings.h"
#include "lstmkit/error.h"
#include "lstmkit/text/visible_token.h"
#include "lstmkit/version.h"

namespace py = pybind11;

namespace lstmkit::python {

namespace {

// The line the command-line program prints for the same error, in keywords.
std::string message(const Error& e) { return "lstmkit: error: " + with_keywords(text::printable(e.what(), std::string::npos)); }

}  // namespace

std::string with_keywords(const std::string& text) {
  return name_settings(text, [](std::string_view field) { return std::string(field); });
}

}  // namespace lstmkit::python

PYBIND11_MODULE(_lstmkit, m) {
  using namespace lstmkit::python;
  m.doc() = "lstmkit's library jobs (use the lstmkit package)";
  m.attr("__version__") = lstmkit::version();
  static py::exception<lstmkit::Error> error(m, "Error", PyExc_RuntimeError);
  static py::exception<lstmkit::UsageError> usage_error(m, "UsageError", error.ptr());
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const lstmkit::UsageError& e) {
      usage_error(message(e).c_str());
    } catch (const lstmkit::Error& e) {
      error(message(e).c_str());
    }
  });
  bind_language_model(m);
  bind_checkpoints(m);
  bind_translator(m);
  bind_forecaster(m);
  bind_plot(m);
}
