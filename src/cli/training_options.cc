#include "training_options.h"

#include <algorithm>
#include <cmath>

#include "lstmkit/error.h"
#include "lstmkit/nn/math_threads.h"
#include "lstmkit/optim/config.h"
#include "option_groups.h"
#include "run_options.h"
#include "standard_output.h"

namespace lstmkit::cli {

namespace {
int positive(const po::variables_map& vm, const char* name) {
  const int v = vm[name].as<int>();
  if (v <= 0) throw UsageError(std::string("--") + name, "must be a positive integer", "got " + std::to_string(v));
  return v;
}
}  // namespace

bool given(const po::variables_map& vm, const char* name) { return vm.count(name) && !vm[name].defaulted(); }

void declare_model_options(po::options_description& o, const TrainingDefaults& d) {
  add_options(o, OptionGroup::model)
      ("cell", po::value<std::string>()->default_value(nn::cell_name(d.shape.cell)), "recurrent cell: lstm, gru or rnn (tanh)")
      ("hidden", po::value<int>()->default_value(d.shape.hidden), "hidden units per layer (H)")
      ("layers", po::value<int>()->default_value(d.shape.layers), "stacked recurrent layers (L)")
      ("dropout", po::value<float>()->default_value(d.shape.dropout), "dropout between recurrent layers, in [0, 1)")
      ("init", po::value<std::string>()->default_value(nn::init_name(d.init)),
       "initialisation: keras (glorot, orthogonal, forget bias 1) or torch (uniform ±1/√H)");
}

void declare_training_options(po::options_description& o, const TrainingDefaults& d) {
  const train::TrainerOptions& t = d.trainer;
  const optim::ScheduleConfig& s = t.schedule;
  add_options(o, OptionGroup::training)
      ("batch", po::value<int>()->default_value(d.batch), "sequences per batch (N)")
      ("epochs", po::value<int>()->default_value(t.epochs), "passes over the training data")
      ("optimizer", po::value<std::string>()->default_value(std::string(optim::to_string(t.optimizer.kind))),
       "sgd, rmsprop or adam")
      ("optimizer-defaults", po::value<std::string>()->default_value(std::string(optim::to_string(optim::Defaults::keras))),
       "hyper-parameter defaults (epsilon, rho…): keras or torch")
      ("lr", po::value<double>()->default_value(t.optimizer.lr), "learning rate")
      ("momentum", po::value<double>()->default_value(t.optimizer.momentum), "momentum (sgd, rmsprop)")
      ("nesterov", po::bool_switch(), "Nesterov momentum (sgd)")
      ("dampening", po::value<double>()->default_value(t.optimizer.dampening), "momentum dampening (sgd)")
      ("rho", po::value<double>(), "decay of the mean square (rmsprop; default from --optimizer-defaults)")
      ("beta1", po::value<double>(), "first-moment decay (adam; default 0.9)")
      ("beta2", po::value<double>(), "second-moment decay (adam; default 0.999)")
      ("epsilon", po::value<double>(), "denominator epsilon (rmsprop, adam; default from --optimizer-defaults)")
      ("weight-decay", po::value<double>()->default_value(t.optimizer.weight_decay), "L2 penalty added to the gradient")
      ("clip", po::value<double>()->default_value(t.clip), "clip the global gradient norm to this (0: off)")
      ("lr-schedule", po::value<std::string>()->default_value(std::string(optim::to_string(s.kind))),
       "constant, step, plateau, inverse-sqrt (lr · min(s/W, sqrt(W/s)) at update s, W = --warmup; Marian, fairseq) "
       "or noam (lr · H^-0.5 · min(s^-0.5, s · W^-1.5), H = --hidden; Vaswani, OpenNMT-py)")
      ("warmup", po::value<long long>()->default_value(s.warmup),
       "raise the rate linearly from 0 over the first N updates (update s uses lr · s/N), then follow --lr-schedule")
      ("lr-decay", po::value<double>()->default_value(s.step.factor), "step schedule: multiply lr by this")
      ("lr-decay-every", po::value<int>()->default_value(static_cast<int>(s.step.every)), "step schedule: every this many epochs")
      ("lr-decay-after", po::value<int>()->default_value(static_cast<int>(s.step.start)), "step schedule: starting after this epoch")
      ("lr-factor", po::value<double>()->default_value(s.plateau.factor), "plateau schedule: multiply lr by this")
      ("lr-patience", po::value<int>()->default_value(static_cast<int>(s.plateau.patience)), "plateau schedule: epochs without improvement")
      ("lr-min-delta", po::value<double>()->default_value(s.plateau.min_delta), "plateau schedule: smallest change that counts as improvement")
      ("lr-cooldown", po::value<int>()->default_value(static_cast<int>(s.plateau.cooldown)), "plateau schedule: epochs to wait after a reduction")
      ("min-lr", po::value<double>()->default_value(s.plateau.min_lr), "plateau schedule: lower bound of the learning rate")
      ("eval-every", po::value<long long>()->default_value(t.eval_every), "also validate every N steps (0: per epoch)")
      ("patience", po::value<int>()->default_value(t.patience), "stop after N validations without improvement (0: never)")
      ("seed", po::value<unsigned long long>()->default_value(t.seed), "random seed (initialisation, dropout, shuffling)")
      ("threads", po::value<int>()->default_value(0), "threads for the math (0: all cores)");
  add_options(o, OptionGroup::output)
      ("out", po::value<std::string>(), "output directory (model.safetensors, last.safetensors, log.csv, loss.png)",
       Need::required)
      ("resume", po::bool_switch(), "continue the run in --out from last.safetensors")
      ("force", po::bool_switch(), "overwrite a model already in --out")
      ("quiet", po::bool_switch(), "no progress output");
}

void declare_label_smoothing_option(po::options_description& o) {
  add_options(o, OptionGroup::training)
      ("label-smoothing", po::value<double>()->default_value(0.0),
       "train on cross-entropy against (1 − ε)·target + ε/V (PyTorch's CrossEntropyLoss(label_smoothing=ε)); "
       "the training loss shown is the smoothed one, the validation loss stays plain cross-entropy");
}

void declare_validation_metric_options(po::options_description& o) {
  add_options(o, OptionGroup::training)
      ("valid-metrics", po::value<std::string>(),
       "after each validation also translate the validation sources greedily and report these, comma-separated: "
       "bleu, chrf (multi-reference, as `lstmkit eval` scores them); shown on the epoch line and in log.csv")
      ("best-by", po::value<std::string>()->default_value("loss"),
       "what picks model.safetensors and counts for --patience: loss (lowest), bleu or chrf (highest)");
}

namespace {
std::vector<std::string> read_metric_list(const std::string& text) {
  std::vector<std::string> names;
  for (size_t start = 0; start <= text.size();) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string name = text.substr(start, comma - start);
    if (name != "bleu" && name != "chrf")
      throw UsageError("--valid-metrics", "unknown metric '" + name + "'", "give bleu, chrf or bleu,chrf");
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    start = comma + 1;
  }
  return names;
}
}  // namespace

ModelShape read_model_shape(const po::variables_map& vm) {
  ModelShape s;
  s.cell = nn::parse_cell(vm["cell"].as<std::string>());
  s.hidden = positive(vm, "hidden");
  s.layers = positive(vm, "layers");
  s.dropout = vm["dropout"].as<float>();
  if (!(s.dropout >= 0.0f && s.dropout < 1.0f))
    throw UsageError("--dropout", "must be in [0, 1)", "got " + std::to_string(s.dropout));
  s.init = nn::parse_init(vm["init"].as<std::string>());
  return s;
}

int read_batch(const po::variables_map& vm) { return positive(vm, "batch"); }

train::TrainerOptions read_trainer_options(const po::variables_map& vm) {
  train::TrainerOptions t;
  if (!vm.count("out")) throw UsageError("--out", "missing", "name a directory for the model, e.g. --out runs/first");
  refuse_stdout_directory("--out", vm["out"].as<std::string>(),
                          "a run writes checkpoints, log.csv and loss.png into a directory");
  t.out = vm["out"].as<std::string>();
  t.epochs = positive(vm, "epochs");
  t.eval_every = vm["eval-every"].as<long long>();
  t.clip = vm["clip"].as<double>();
  t.patience = vm["patience"].as<int>();
  t.resume = vm["resume"].as<bool>();
  t.force = vm["force"].as<bool>();
  t.seed = vm["seed"].as<unsigned long long>();

  const auto kind = optim::parse_optimizer(vm["optimizer"].as<std::string>());
  t.optimizer = optim::default_config(kind, optim::parse_defaults(vm["optimizer-defaults"].as<std::string>()));
  t.optimizer.lr = vm["lr"].as<double>();
  t.optimizer.momentum = vm["momentum"].as<double>();
  t.optimizer.nesterov = vm["nesterov"].as<bool>();
  t.optimizer.weight_decay = vm["weight-decay"].as<double>();
  t.optimizer.dampening = vm["dampening"].as<double>();
  if (vm.count("rho")) t.optimizer.rho = vm["rho"].as<double>();
  if (vm.count("beta1")) t.optimizer.beta1 = vm["beta1"].as<double>();
  if (vm.count("beta2")) t.optimizer.beta2 = vm["beta2"].as<double>();
  if (vm.count("epsilon")) t.optimizer.epsilon = vm["epsilon"].as<double>();
  optim::validate(t.optimizer);

  t.schedule.kind = optim::parse_lr_schedule(vm["lr-schedule"].as<std::string>());
  t.schedule.lr = t.optimizer.lr;
  t.schedule.step.factor = vm["lr-decay"].as<double>();
  t.schedule.step.every = vm["lr-decay-every"].as<int>();
  t.schedule.step.start = vm["lr-decay-after"].as<int>();
  t.schedule.plateau.factor = vm["lr-factor"].as<double>();
  t.schedule.plateau.patience = vm["lr-patience"].as<int>();
  t.schedule.plateau.min_delta = vm["lr-min-delta"].as<double>();
  t.schedule.plateau.cooldown = vm["lr-cooldown"].as<int>();
  t.schedule.plateau.min_lr = vm["min-lr"].as<double>();
  t.schedule.warmup = vm["warmup"].as<long long>();
  if (vm.count("hidden")) t.schedule.model_size = vm["hidden"].as<int>();
  optim::validate(t.schedule);
  if (vm.count("label-smoothing")) t.label_smoothing = vm["label-smoothing"].as<double>();
  if (vm.count("valid-metrics")) t.valid_metrics = read_metric_list(vm["valid-metrics"].as<std::string>());
  if (vm.count("best-by")) {
    t.best_by = vm["best-by"].as<std::string>();
    if (t.best_by != "loss" && t.best_by != "bleu" && t.best_by != "chrf")
      throw UsageError("--best-by", "unknown criterion '" + t.best_by + "'", "give loss, bleu or chrf");
  }
  // Early stopping and reduce-on-plateau act on the validation loss: without validation data they would
  // silently never act.
  const bool validates = !vm.count("val-frac") || vm["val-frac"].as<double>() > 0 || vm.count("val-pairs");
  if (!validates && t.patience > 0) {
    if (given(vm, "patience"))
      throw UsageError("--patience", "early stopping needs validation data, but --val-frac is 0",
                       "give --val-frac above 0, or leave --patience out");
    t.patience = 0;  // a command's default patience (train-ts) is off without validation data
  }
  if (!validates && given(vm, "lr-schedule") && t.schedule.kind == optim::ScheduleKind::plateau)
    throw UsageError("--lr-schedule", "plateau needs validation data, but --val-frac is 0",
                     "give --val-frac above 0, or choose another schedule");
  if (!validates && (!t.valid_metrics.empty() || t.best_by != "loss"))
    throw UsageError(t.valid_metrics.empty() ? "--best-by" : "--valid-metrics",
                     "validation metrics need validation data, but --val-frac is 0",
                     "give --val-frac above 0, or leave the option out");
  train::validate(t);
  train::check_output_dir(t);
  t.run_options = record_run_options(vm);
  return t;
}

void resume_conflict(const std::string& option, const std::string& run_value) {
  throw UsageError("--" + option, "differs from the run being resumed (" + run_value + ")",
                   "leave it out when using --resume");
}

void apply_threads(const po::variables_map& vm) {
  const int threads = vm["threads"].as<int>();
  if (threads < 0) throw UsageError("--threads", "must not be negative", "use 0 for all cores");
  if (threads > 0) nn::set_math_threads(threads);
}

}  // namespace lstmkit::cli
