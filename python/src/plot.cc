// lstmkit._lstmkit's line plots: io::plot_png (gnuplot) for curves a Python script gathered, e.g. the
// validation losses of two runs in one figure.
#include <pybind11/stl.h>

#include "bindings.h"
#include "job_thread.h"
#include "lstmkit/error.h"
#include "lstmkit/io/plot.h"

namespace py = pybind11;

namespace lstmkit::python {

namespace {

// lines: (name, xs, ys) triples. Returns the PNG's path, or None without gnuplot.
py::object plot_lines(const std::string& path, const std::vector<std::tuple<std::string, std::vector<double>, std::vector<double>>>& lines,
                      const std::string& title, const std::string& x_label, const std::string& y_label, bool log_y) {
  io::PlotSpec spec;
  spec.title = title;
  spec.x_label = x_label;
  spec.y_label = y_label;
  spec.log_y = log_y;
  for (const auto& [name, xs, ys] : lines) spec.series.push_back({name, xs, ys});
  io::PlotResult result;
  run_job([&] { result = io::plot_png(spec, path); });
  if (result.status == io::PlotStatus::no_gnuplot) return py::none();
  if (!result) throw Error(path, "gnuplot failed (" + result.message + ")", "check the values plotted");
  return py::str(path);
}

}  // namespace

void bind_plot(py::module_& m) {
  m.def("plot_lines", &plot_lines, py::arg("path"), py::arg("lines"), py::arg("title") = "", py::arg("x_label") = "",
        py::arg("y_label") = "", py::arg("log_y") = false);
}

}  // namespace lstmkit::python
