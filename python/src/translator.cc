// lstmkit._lstmkit's translator: training, translating, scoring, summary and the checkpoint file.
#include <pybind11/stl.h>

#include <cstdlib>
#include <filesystem>

#include "bindings.h"
#include "config_fields.h"
#include "job_options.h"
#include "job_thread.h"
#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/jobs/evaluate_translations.h"
#include "lstmkit/jobs/summary.h"
#include "lstmkit/jobs/train_s2s.h"
#include "lstmkit/jobs/translate.h"

namespace py = pybind11;

namespace lstmkit::python {

namespace {

struct S2s {
  std::unique_ptr<models::Seq2Seq> model;
};

// `<name>` (TSV text, the package's rendering of a list of pairs) or `<name>_file` (a path).
jobs::PairsInput read_pairs(ConfigFields& f, const std::string& name) {
  jobs::PairsInput input;
  std::string text;
  f.read(name.c_str(), text);
  if (f.given(name.c_str())) input.text = text;
  input.text_name = name;
  f.read((name + "_file").c_str(), input.file);
  return input;
}

// valid_metrics as "bleu,chrf" or ["bleu", "chrf"].
std::vector<std::string> metric_list(ConfigFields& f) {
  std::vector<std::string> given;
  f.read("valid_metrics", given);
  std::vector<std::string> metrics;
  for (const std::string& item : given)
    for (size_t begin = 0; begin <= item.size();) {
      const size_t end = std::min(item.find(',', begin), item.size());
      if (end > begin) metrics.push_back(item.substr(begin, end - begin));
      begin = end + 1;
    }
  return metrics;
}

py::tuple train(const py::dict& kwargs, py::object on_epoch, py::object on_note) {
  ConfigFields f(kwargs, "Translator.train");
  jobs::S2sTrainConfig c;
  c.pairs = read_pairs(f, "pairs");
  c.val_pairs = read_pairs(f, "val_pairs");
  f.read("val_frac", c.val_frac);
  int64_t val_sources = 0;
  f.read("val_sources", val_sources);
  if (val_sources < 0) throw UsageError("val_sources", "must be at least 1", "got " + std::to_string(val_sources));
  if (f.given("val_sources") && f.given("val_frac"))
    throw UsageError("val_sources", "cannot be combined with val_frac", "hold out either a number or a fraction of the sources");
  c.val_sources = static_cast<size_t>(val_sources);
  std::string write_split;
  f.read("write_split", write_split);
  c.write_split = write_split;
  int64_t limit = 0, max_len = 0;
  f.read("limit", limit);
  f.read("max_len", max_len);
  if (limit < 0) throw UsageError("limit", "must not be negative", "use 0 for no limit");
  if (max_len < 0) throw UsageError("max_len", "must not be negative", "use 0 for no limit");
  c.limit = static_cast<size_t>(limit);
  c.max_len = static_cast<size_t>(max_len);
  f.read("skip_bad_lines", c.skip_bad_lines);
  c.text = read_text_options(f);
  f.read("max_vocab", c.vocab_limits.max_vocab);
  f.read("min_count", c.vocab_limits.min_count);
  f.read("vocab_size", c.vocab_size);
  std::string attention = "luong";
  f.read("attention", attention);
  c.model = jobs::default_s2s_model(attention == "none" ? std::nullopt
                                                        : std::optional(nn::parse_attention(attention, "attention")));
  read_stack(f, c.model);
  f.read("reverse_source", c.model.reverse_source);
  f.read("embed", c.model.embed);
  f.read("tie_embeddings", c.model.tie_embeddings);
  f.read("bidirectional", c.model.bidirectional);
  jobs::resolve_s2s_defaults(c.model, f.given("embed"), f.given("bidirectional"));
  f.read<nn::InitScheme>("init", c.init, [](const std::string& s, const std::string& n) { return nn::parse_init(s, n); });
  c.model.precision = read_precision(f);
  f.read("batch", c.batch);
  read_run_control(f, c.trainer);
  f.read("label_smoothing", c.trainer.label_smoothing);
  c.trainer.valid_metrics = metric_list(f);
  f.read("best_by", c.trainer.best_by);
  int threads = 0;
  f.read("threads", threads);
  f.finish();
  jobs::validate(c);

  PythonReporter reporter(std::move(on_note));
  c.on_epoch = epoch_callback(on_epoch);
  S2s s2s;
  jobs::TrainS2sResult result;
  run_job([&] {
    use_threads(threads);
    result = jobs::train_s2s(c, reporter);
    // The model `lstmkit translate` would use: the best by the run's criterion, as saved.
    s2s.model = std::filesystem::exists(result.best_model) ? models::Seq2Seq::load(result.best_model, c.model.precision)
                                                           : std::move(result.model);
  });
  py::dict info = run_info(result.run, result.best_model);
  info["train_pairs"] = result.train_pairs;
  info["val_pairs"] = result.val_pairs;
  return py::make_tuple(std::move(s2s), info);
}

jobs::TranslateConfig read_decoding(ConfigFields& f) {
  jobs::TranslateConfig c;
  f.read("beam", c.beam);
  f.read("alpha", c.alpha);
  f.read("max_len", c.max_len);
  f.read("max_len_ratio", c.max_len_ratio);
  f.read("max_len_add", c.max_len_add);
  f.read("batch", c.batch);
  return c;
}

// Per line: its n_best translations as (text, score, alignment) tuples, best first; the package gives
// them their shape.
py::list translate(S2s& s2s, const std::vector<std::string>& lines, const py::dict& kwargs) {
  ConfigFields f(kwargs, "Translator.translate");
  jobs::TranslateConfig c = read_decoding(f);
  f.read("n_best", c.n_best);
  f.read("alignments", c.alignments);
  int threads = 0;
  f.read("threads", threads);
  f.finish();
  jobs::validate(*s2s.model, c);
  jobs::Translations t;
  run_job([&] {
    use_threads(threads);
    t = jobs::translate(*s2s.model, lines, c);
  });
  py::list out;
  for (const auto& line : t.lines) {
    py::list hypotheses;
    for (const jobs::TranslatedText& h : line) hypotheses.append(py::make_tuple(h.text, h.score, jobs::alignment_text(h.alignment)));
    out.append(hypotheses);
  }
  return out;
}

jobs::TranslationEvalConfig read_eval(ConfigFields& f) {
  jobs::TranslationEvalConfig c;
  c.pairs = read_pairs(f, "pairs");
  f.read<text::InvalidUtf8>("on_invalid", c.on_invalid,
                            [](const std::string& s, const std::string& n) { return text::parse_invalid_utf8(s, n); });
  return c;
}

py::object json_object(const std::string& json) { return py::module_::import("json").attr("loads")(json); }

// eval --json's object.
py::object evaluate(S2s& s2s, const py::dict& kwargs) {
  ConfigFields f(kwargs, "Translator.evaluate");
  jobs::TranslationEvalConfig c = read_eval(f);
  c.decoding = read_decoding(f);
  int threads = 0;
  f.read("threads", threads);
  f.finish();
  std::string json;
  run_job([&] {
    use_threads(threads);
    json = jobs::evaluation_json(jobs::evaluate_translations(*s2s.model, c));
  });
  return json_object(json);
}

// eval --hypotheses --json's object.
py::object evaluate_hypotheses(const std::vector<std::string>& hypotheses, const py::dict& kwargs) {
  ConfigFields f(kwargs, "evaluate_translations");
  const jobs::TranslationEvalConfig c = read_eval(f);
  f.finish();
  std::string json;
  run_job([&] { json = jobs::evaluation_json(jobs::evaluate_translations(hypotheses, "hypotheses", c)); });
  return json_object(json);
}

S2s load(const std::string& path, const std::string& precision) {
  const nn::Precision p = nn::resolve_precision(nn::parse_precision(precision, "precision"));
  S2s s2s;
  run_job([&] { s2s.model = models::Seq2Seq::load(path, p); });
  return s2s;
}

void save(const S2s& s2s, const std::string& path) {
  run_job([&] { io::Checkpoint::save(path, s2s.model->parameters(), {}, s2s.model->metadata()); });
}

// The rows a checkpoint of the model gives (models/summary.h reads them from its tensors), from a
// checkpoint written to a private temporary directory.
py::dict summary(const S2s& s2s) {
  std::string dir = (std::filesystem::temp_directory_path() / "lstmkit-summary-XXXXXX").string();
  if (!mkdtemp(dir.data())) throw Error(dir, "cannot create a temporary directory", "check TMPDIR");
  const std::filesystem::path path = std::filesystem::path(dir) / "model.safetensors";
  models::ModelSummary rows;
  try {
    save(s2s, path.string());
    rows = jobs::summary(path.string());
  } catch (...) {
    std::filesystem::remove_all(dir);
    throw;
  }
  std::filesystem::remove_all(dir);
  return summary_dict(rows);
}

}  // namespace

void bind_translator(py::module_& m) {
  py::class_<S2s>(m, "Translator")
      .def_static("load", &load, py::arg("path"), py::arg("precision") = "f32")
      .def("translate", &translate)
      .def("evaluate", &evaluate)
      .def("summary", &summary)
      .def("save", &save)
      .def("weights", [](const S2s& s2s) { return weights_dict(s2s.model->parameters()); })
      .def_property_readonly("source_vocab", [](const S2s& s2s) { return s2s.model->source_vocab().tokens(); })
      .def_property_readonly("target_vocab", [](const S2s& s2s) { return s2s.model->target_vocab().tokens(); })
      .def_property_readonly("config_json", [](const S2s& s2s) {
        return models::s2s_config_json(s2s.model->config(), s2s.model->source_vocab().size(),
                                       s2s.model->target_vocab().size());
      });
  m.def("train_s2s", &train, py::arg("config"), py::arg("on_epoch") = py::none(), py::arg("on_note") = py::none());
  m.def("evaluate_translations", &evaluate_hypotheses, py::arg("hypotheses"), py::arg("config"));
}

}  // namespace lstmkit::python
