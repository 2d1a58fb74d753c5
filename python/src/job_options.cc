#include "job_options.h"

#include "bindings.h"
#include "job_thread.h"
#include "lstmkit/error.h"
#include "lstmkit/nn/math_threads.h"
#include "lstmkit/optim/config.h"
#include "lstmkit/optim/schedule.h"

namespace py = pybind11;

namespace lstmkit::python {

void use_threads(int threads) {
  if (threads < 0) throw UsageError("threads", "must not be negative", "use 0 for all cores");
  if (threads > 0) nn::set_math_threads(threads);
}

nn::Precision read_precision(ConfigFields& f) {
  std::string name = "f32";
  f.read("precision", name);
  return nn::resolve_precision(nn::parse_precision(name, "precision"));
}

void read_stack(ConfigFields& f, models::StackConfig& stack) {
  f.read<nn::CellKind>("cell", stack.cell, [](const std::string& s, const std::string& n) { return nn::parse_cell(s, n); });
  f.read("hidden", stack.hidden);
  f.read("layers", stack.layers);
  f.read("dropout", stack.dropout);
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
  f.read("warmup", t.schedule.warmup);
  optim::validate(t.schedule);
}

void read_run_control(ConfigFields& f, train::TrainerOptions& t) {
  std::string out;
  f.read("out", out);
  if (out.empty()) throw UsageError("out", "missing", "name a directory for the checkpoints");
  t.out = out;
  f.read("epochs", t.epochs);
  f.read("clip", t.clip);
  f.read("patience", t.patience);
  f.read("eval_every", t.eval_every);
  f.read("seed", t.seed);
  f.read("resume", t.resume);
  f.read("force", t.force);
  read_optimizer(f, t);
}

void PythonReporter::note(const std::string& line) {
  if (!on_note_.is_none()) call_python([&] { on_note_(with_keywords(line)); });
}

std::function<void(const jobs::TrainEpoch&)> epoch_callback(const py::object& on_epoch) {
  if (on_epoch.is_none()) return {};
  return [&on_epoch](const jobs::TrainEpoch& e) {
    call_python([&] {
      py::dict d;
      d["epoch"] = e.epoch;
      d["epochs"] = e.epochs;
      d["step"] = e.step;
      d["loss"] = e.loss;
      d["val_loss"] = e.val_loss ? py::cast(*e.val_loss) : py::none();
      for (const auto& [name, value] : e.metrics) d[py::str("val_" + name)] = value;
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

pybind11::dict run_info(const train::TrainResult& run, const std::filesystem::path& best_model) {
  pybind11::dict info;
  info["outcome"] = outcome_name(run.outcome);
  info["epochs"] = run.epoch;
  info["steps"] = run.step;
  info["seed"] = run.seed;
  info["best_val_loss"] = run.best_val ? pybind11::cast(*run.best_val) : pybind11::none();
  info["best_model"] = best_model.string();
  return info;
}

}  // namespace lstmkit::python
