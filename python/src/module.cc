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

// Some layers below the jobs still name their limits after the command-line options (`--epochs`);
// Python callers know them by the keyword (`epochs`): every `--name-of-option` in the line becomes
// `name_of_option`.
std::string keywords(const std::string& line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    const bool starts = line.compare(i, 2, "--") == 0 && i + 2 < line.size() && line[i + 2] >= 'a' &&
                        line[i + 2] <= 'z' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '(');
    if (!starts) {
      out += line[i];
      continue;
    }
    for (i += 2; i < line.size() && ((line[i] >= 'a' && line[i] <= 'z') || (line[i] >= '0' && line[i] <= '9') || line[i] == '-'); ++i)
      out += line[i] == '-' ? '_' : line[i];
    --i;
  }
  return out;
}

// The line the command-line program prints for the same error, in keywords.
std::string message(const Error& e) { return "lstmkit: error: " + keywords(text::printable(e.what(), std::string::npos)); }

}  // namespace

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
