// lstmkit._lstmkit's language model: training, sampling, scoring, summary and the checkpoint file.
#include <pybind11/stl.h>

#include <random>

#include "bindings.h"
#include "config_fields.h"
#include "job_options.h"
#include "job_thread.h"
#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/jobs/evaluate_lm.h"
#include "lstmkit/jobs/sample.h"
#include "lstmkit/jobs/summary.h"
#include "lstmkit/jobs/train_lm.h"

namespace py = pybind11;

namespace lstmkit::python {

namespace {

struct Lm {
  std::unique_ptr<models::LanguageModel> model;
};

jobs::TextInput read_input(ConfigFields& f) {
  jobs::TextInput input;
  std::string text;
  f.read("text", text);
  if (f.given("text")) input.text = text;
  f.read("files", input.files);
  return input;
}

py::tuple train(const py::dict& kwargs, py::object on_epoch, py::object on_note) {
  ConfigFields f(kwargs, "LanguageModel.train");
  jobs::LmTrainConfig c;
  c.input = read_input(f);
  c.text = read_text_options(f);
  f.read("max_vocab", c.vocab_limits.max_vocab);
  f.read("min_count", c.vocab_limits.min_count);
  read_stack(f, c.model);
  f.read("embed", c.model.embed);
  f.read("tie_embeddings", c.model.tie_embeddings);
  f.read<nn::InitScheme>("init", c.init, [](const std::string& s, const std::string& n) { return nn::parse_init(s, n); });
  c.model.precision = read_precision(f);
  f.read("batch", c.batch);
  f.read("seq_len", c.seq_len);
  f.read("val_frac", c.val_frac);
  read_run_control(f, c.trainer);
  f.read("label_smoothing", c.trainer.label_smoothing);
  int threads = 0;
  f.read("threads", threads);
  f.finish();

  PythonReporter reporter(std::move(on_note));
  c.on_epoch = epoch_callback(on_epoch);
  Lm lm;
  jobs::TrainLmResult result;
  run_job([&] {
    use_threads(threads);
    result = jobs::train_lm(c, reporter);
    // The model `lstmkit sample` would use: the best validation loss, as saved.
    lm.model = std::filesystem::exists(result.best_model)
                   ? models::LanguageModel::load(result.best_model, c.model.precision)
                   : std::move(result.model);
  });
  py::dict info = run_info(result.run, result.best_model);
  info["train_tokens"] = result.train_tokens;
  info["val_tokens"] = result.val_tokens;
  return py::make_tuple(std::move(lm), info);
}

std::string sample(Lm& lm, const py::dict& kwargs) {
  ConfigFields f(kwargs, "LanguageModel.sample");
  jobs::SampleConfig c;
  f.read("prime", c.prime);
  f.read("length", c.length);
  f.read("allow_unk", c.allow_unk);
  f.read("greedy", c.sampling.greedy);
  f.read("temperature", c.sampling.temperature);
  f.read("top_k", c.sampling.top_k);
  f.read("top_p", c.sampling.top_p);
  c.seed = std::random_device{}();
  f.read("seed", c.seed);
  int threads = 0;
  f.read("threads", threads);
  f.finish();
  jobs::validate(c);
  std::string text;
  const jobs::SampleSink sink{{}, [&](const std::string& piece) { text += piece; }};
  run_job([&] {
    use_threads(threads);
    jobs::sample(*lm.model, c, sink);
  });
  return text;
}

py::dict evaluate(Lm& lm, const py::dict& kwargs) {
  ConfigFields f(kwargs, "LanguageModel.evaluate");
  jobs::LmEvalConfig c;
  c.input = read_input(f);
  f.read<text::InvalidUtf8>("on_invalid", c.on_invalid,
                            [](const std::string& s, const std::string& n) { return text::parse_invalid_utf8(s, n); });
  int threads = 0;
  f.read("threads", threads);
  f.finish();
  jobs::LmEvaluation e;
  run_job([&] {
    use_threads(threads);
    e = jobs::evaluate_lm(*lm.model, c);
  });
  py::dict d;
  d["tokens"] = e.tokens;
  d["unit"] = e.characters ? "char" : "token";
  d["loss"] = e.score.nats;
  d["bits"] = e.score.bits();
  d["perplexity"] = e.score.perplexity();
  d["unknown"] = e.unknown;
  return d;
}

Lm load(const std::string& path, const std::string& precision) {
  const nn::Precision p = nn::resolve_precision(nn::parse_precision(precision, "precision"));
  Lm lm;
  run_job([&] { lm.model = models::LanguageModel::load(path, p); });
  return lm;
}

}  // namespace

void bind_language_model(py::module_& m) {
  py::class_<Lm>(m, "LanguageModel")
      .def_static("load", &load, py::arg("path"), py::arg("precision") = "f32")
      .def("sample", &sample)
      .def("evaluate", &evaluate)
      .def("summary", [](const Lm& lm) { return summary_dict(jobs::summary(*lm.model)); })
      .def("save", [](const Lm& lm, const std::string& path) {
        run_job([&] { io::Checkpoint::save(path, lm.model->parameters(), {}, lm.model->metadata()); });
      })
      .def("weights", [](const Lm& lm) { return weights_dict(lm.model->parameters()); })
      .def_property_readonly("vocab", [](const Lm& lm) { return lm.model->vocab().tokens(); })
      .def_property_readonly("config_json", [](const Lm& lm) {
        return models::lm_config_json(lm.model->config(), lm.model->vocab_size());
      });
  m.def("train_lm", &train, py::arg("config"), py::arg("on_epoch") = py::none(), py::arg("on_note") = py::none());
}

}  // namespace lstmkit::python
