// lstmkit._lstmkit's functions on any checkpoint (its metadata, its summary, its weights), on model shapes, and on
// texts (vocab).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "config_fields.h"
#include "job_thread.h"
#include "lstmkit/error.h"
#include "lstmkit/jobs/summary.h"
#include "lstmkit/jobs/vocab.h"
#include "lstmkit/models/model_kind.h"

namespace py = pybind11;

namespace lstmkit::python {

namespace {

py::dict stack_summary(const py::dict& kwargs) {
  ConfigFields f(kwargs, "summary");
  jobs::StackSummaryConfig c;
  f.read<nn::CellKind>("cell", c.cell, [](const std::string& s, const std::string& n) { return nn::parse_cell(s, n); });
  f.read("input", c.input);
  f.read("hidden", c.hidden);
  f.read("layers", c.layers);
  f.read("head", c.head);
  f.read("return_sequences", c.return_sequences);
  f.finish();
  return summary_dict(jobs::summary(c));
}

py::dict vocab(const py::dict& kwargs) {
  ConfigFields f(kwargs, "vocab");
  jobs::VocabConfig c;
  std::string text;
  f.read("text", text);
  if (f.given("text")) c.input.text = text;
  f.read("files", c.input.files);
  f.read<text::Unit>("unit", c.text.unit, [](const std::string& s, const std::string& n) { return text::parse_unit(s, n); });
  f.read<text::Normalization>("normalize", c.text.normalize,
                              [](const std::string& s, const std::string& n) { return text::parse_normalization(s, n); });
  f.read<text::InvalidUtf8>("on_invalid", c.text.on_invalid,
                            [](const std::string& s, const std::string& n) { return text::parse_invalid_utf8(s, n); });
  f.read("max_vocab", c.limits.max_vocab);
  f.read("min_count", c.limits.min_count);
  f.read("vocab_size", c.vocab_size);
  int64_t top = 20;
  f.read("top", top);
  f.finish();
  if (top < 0) throw UsageError("top", "must not be negative", "use 0 to list no tokens");
  std::optional<jobs::VocabReport> report;
  run_job([&] { report.emplace(jobs::vocab(c)); });
  py::list most;
  for (const auto& t : report->counts.top(static_cast<size_t>(top))) most.append(py::make_tuple(t.token, t.count));
  py::dict d;
  d["tokens"] = report->counts.total();
  d["distinct"] = report->counts.distinct();
  d["vocabulary"] = report->vocab.tokens();
  d["coverage"] = report->coverage;
  d["replaced"] = report->replaced;
  d["top"] = most;
  return d;
}

}  // namespace

py::dict summary_dict(const models::ModelSummary& summary) {
  py::list layers;
  for (const models::SummaryRow& r : summary.rows) {
    py::dict row;
    row["name"] = r.name;
    row["type"] = r.type;
    row["output_shape"] = r.output_shape;
    row["keras_params"] = r.keras_params;
    row["torch_params"] = r.torch_params;
    layers.append(row);
  }
  py::dict d;
  d["layers"] = layers;
  d["keras_params"] = summary.keras_total();
  d["torch_params"] = summary.torch_total();
  d["text"] = models::format_summary(summary);
  return d;
}

py::dict weights_dict(const nn::Parameters& params) {
  py::dict out;
  for (const nn::ParamView& v : params.views()) {
    py::array_t<float> a(std::vector<py::ssize_t>(v.shape.begin(), v.shape.end()));
    std::copy_n(params.values().data() + v.offset, v.size, a.mutable_data());
    out[py::str(v.name)] = a;
  }
  return out;
}

void bind_checkpoints(py::module_& m) {
  m.def("model_kind", [](const std::string& path) { return models::kind_name(models::read_model_kind(path)); });
  m.def("stack_summary", &stack_summary);
  m.def("vocab", &vocab);
}

}  // namespace lstmkit::python
