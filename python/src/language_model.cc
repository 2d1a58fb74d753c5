// lstmkit._lstmkit's language model: training, sampling, scoring, summary and the checkpoint file.
#include <omp.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <random>

#include "bindings.h"
#include "config_fields.h"
#include "job_thread.h"
#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/jobs/evaluate_lm.h"
#include "lstmkit/jobs/sample.h"
#include "lstmkit/jobs/summary.h"
#include "lstmkit/jobs/train_lm.h"
#include "lstmkit/optim/config.h"
#include "lstmkit/optim/schedule.h"

namespace py = pybind11;

namespace lstmkit::python {

namespace {

struct Lm {
  std::unique_ptr<models::LanguageModel> model;
};

// The math's threads are the job thread's OpenMP team: set where the job runs.
void use_threads(int threads) {
  if (threads < 0) throw UsageError("threads", "must not be negative", "use 0 for all cores");
  if (threads > 0) omp_set_num_threads(threads);
}

nn::Precision read_precision(ConfigFields& f) {
  std::string name = "f32";
  f.read("precision", name);
  return nn::resolve_precision(nn::parse_precision(name, "precision"));
}

text::TextOptions read_text_options(ConfigFields& f) {
  text::TextOptions t;
  f.read<text::Unit>("unit", t.unit, [](const std::string& s, const std::string& n) { return text::parse_unit(s, n); });
  f.read<text::Normalization>("normalize", t.normalize,
                              [](const std::string& s, const std::string& n) { return text::parse_normalization(s, n); });
  f.read<text::InvalidUtf8>("on_invalid", t.on_invalid,
                            [](const std::string& s, const std::string& n) { return text::parse_invalid_utf8(s, n); });
  return t;
}

void read_optimizer(ConfigFields& f, train::TrainerOptions& t) {
  std::string kind = std::string(optim::to_string(t.optimizer.kind)), defaults = "keras";
  f.read("optimizer", kind);
  f.read("optimizer_defaults", defaults);
  const double lr = t.optimizer.lr;
  if (f.given("optimizer") || f.given("optimizer_defaults")) {
    t.optimizer = optim::default_config(optim::parse_optimizer(kind), optim::parse_defaults(defaults));
    t.optimizer.lr = lr;
  }
  f.read("lr", t.optimizer.lr);
  f.read("momentum", t.optimizer.momentum);
  f.read("nesterov", t.optimizer.nesterov);
  f.read("dampening", t.optimizer.dampening);
  f.read("rho", t.optimizer.rho);
  f.read("beta1", t.optimizer.beta1);
  f.read("beta2", t.optimizer.beta2);
  f.read("epsilon", t.optimizer.epsilon);
  f.read("weight_decay", t.optimizer.weight_decay);
  optim::validate(t.optimizer);
  t.schedule.lr = t.optimizer.lr;
  f.read<optim::ScheduleKind>("lr_schedule", t.schedule.kind,
                              [](const std::string& s, const std::string&) { return optim::parse_lr_schedule(s); });
  f.read("lr_decay", t.schedule.step.factor);
  f.read("lr_decay_every", t.schedule.step.every);
  f.read("lr_decay_after", t.schedule.step.start);
  f.read("lr_factor", t.schedule.plateau.factor);
  f.read("lr_patience", t.schedule.plateau.patience);
  f.read("lr_min_delta", t.schedule.plateau.min_delta);
  f.read("lr_cooldown", t.schedule.plateau.cooldown);
  f.read("min_lr", t.schedule.plateau.min_lr);
  optim::validate(t.schedule);
}

jobs::TextInput read_input(ConfigFields& f) {
  jobs::TextInput input;
  std::string text;
  f.read("text", text);
  if (f.given("text")) input.text = text;
  f.read("files", input.files);
  return input;
}

// The run's notes (one line per epoch among them) to a Python callable.
class PythonReporter : public train::Reporter {
 public:
  explicit PythonReporter(py::object on_note) : on_note_(std::move(on_note)) {}
  void progress(const train::Progress&) override {}
  void note(const std::string& line) override {
    if (!on_note_.is_none()) call_python([&] { on_note_(line); });
  }

 private:
  py::object on_note_;
};

// Each epoch's result as a dict to a Python callable.
std::function<void(const jobs::LmEpoch&)> epoch_callback(const py::object& on_epoch) {
  if (on_epoch.is_none()) return {};
  return [&on_epoch](const jobs::LmEpoch& e) {
    call_python([&] {
      py::dict d;
      d["epoch"] = e.epoch;
      d["epochs"] = e.epochs;
      d["step"] = e.step;
      d["loss"] = e.loss;
      d["val_loss"] = e.val_loss ? py::cast(*e.val_loss) : py::none();
      d["best"] = e.best;
      d["elapsed"] = e.elapsed_seconds;
      d["lr"] = e.lr;
      on_epoch(d);
    });
  };
}

const char* outcome_name(train::TrainOutcome outcome) {
  switch (outcome) {
    case train::TrainOutcome::finished: return "finished";
    case train::TrainOutcome::early_stopped: return "early_stopped";
    case train::TrainOutcome::interrupted: return "interrupted";
  }
  return "";
}

py::tuple train(const py::dict& kwargs, py::object on_epoch, py::object on_note) {
  ConfigFields f(kwargs, "LanguageModel.train");
  jobs::LmTrainConfig c;
  c.input = read_input(f);
  c.text = read_text_options(f);
  f.read("max_vocab", c.vocab_limits.max_vocab);
  f.read("min_count", c.vocab_limits.min_count);
  f.read<nn::CellKind>("cell", c.model.cell, [](const std::string& s, const std::string& n) { return nn::parse_cell(s, n); });
  f.read("hidden", c.model.hidden);
  f.read("layers", c.model.layers);
  f.read("dropout", c.model.dropout);
  f.read("embed", c.model.embed);
  f.read("tie_embeddings", c.model.tie_embeddings);
  f.read<nn::InitScheme>("init", c.init, [](const std::string& s, const std::string& n) { return nn::parse_init(s, n); });
  c.model.precision = read_precision(f);
  f.read("batch", c.batch);
  f.read("seq_len", c.seq_len);
  f.read("val_frac", c.val_frac);
  std::string out;
  f.read("out", out);
  c.trainer.out = out;
  f.read("epochs", c.trainer.epochs);
  f.read("clip", c.trainer.clip);
  f.read("patience", c.trainer.patience);
  f.read("eval_every", c.trainer.eval_every);
  f.read("seed", c.trainer.seed);
  f.read("resume", c.trainer.resume);
  f.read("force", c.trainer.force);
  read_optimizer(f, c.trainer);
  int threads = 0;
  f.read("threads", threads);
  f.finish();
  if (out.empty()) throw UsageError("out", "missing", "name a directory for the checkpoints");

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
  py::dict info;
  info["outcome"] = outcome_name(result.run.outcome);
  info["epochs"] = result.run.epoch;
  info["steps"] = result.run.step;
  info["best_val_loss"] = result.run.best_val ? py::cast(*result.run.best_val) : py::none();
  info["train_tokens"] = result.train_tokens;
  info["val_tokens"] = result.val_tokens;
  info["best_model"] = result.best_model.string();
  return py::make_tuple(std::move(lm), info);
}

// Stops a sample between tokens after Ctrl-C.
struct Stopped {};

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
  const jobs::SampleSink sink{{}, [&](const std::string& piece) {
                                if (stop_requested()) throw Stopped{};
                                text += piece;
                              }};
  run_job([&] {
    use_threads(threads);
    try {
      jobs::sample(*lm.model, c, sink);
    } catch (const Stopped&) {
    }
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

py::dict weights(const Lm& lm) {
  py::dict out;
  const nn::Parameters& params = lm.model->parameters();
  for (const nn::ParamView& v : params.views()) {
    py::array_t<float> a(std::vector<py::ssize_t>(v.shape.begin(), v.shape.end()));
    std::copy_n(params.values().data() + v.offset, v.size, a.mutable_data());
    out[py::str(v.name)] = a;
  }
  return out;
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
      .def("weights", &weights)
      .def_property_readonly("vocab", [](const Lm& lm) { return lm.model->vocab().tokens(); })
      .def_property_readonly("config_json", [](const Lm& lm) {
        return models::lm_config_json(lm.model->config(), lm.model->vocab_size());
      });
  m.def("train_lm", &train, py::arg("config"), py::arg("on_epoch") = py::none(), py::arg("on_note") = py::none());
}

}  // namespace lstmkit::python
