#include "lstmkit/jobs/ts_retrain.h"

#include <nlohmann/json.hpp>

#include "lstmkit/error.h"
#include "lstmkit/optim/config.h"
#include "lstmkit/optim/schedule.h"

namespace lstmkit::jobs {

namespace {

using Json = nlohmann::json;

Json optimizer_json(const optim::OptimizerConfig& o) {
  return {{"kind", optim::to_string(o.kind)}, {"lr", o.lr},       {"momentum", o.momentum},
          {"dampening", o.dampening},         {"nesterov", o.nesterov}, {"rho", o.rho},
          {"beta1", o.beta1},                 {"beta2", o.beta2}, {"epsilon", o.epsilon},
          {"epsilon_hat", o.epsilon_hat},     {"weight_decay", o.weight_decay}};
}

optim::OptimizerConfig read_optimizer(const Json& j) {
  optim::OptimizerConfig o;
  o.kind = optim::parse_optimizer(j.at("kind").get<std::string>());
  o.lr = j.at("lr").get<double>();
  o.momentum = j.at("momentum").get<double>();
  o.dampening = j.at("dampening").get<double>();
  o.nesterov = j.at("nesterov").get<bool>();
  o.rho = j.at("rho").get<double>();
  o.beta1 = j.at("beta1").get<double>();
  o.beta2 = j.at("beta2").get<double>();
  o.epsilon = j.at("epsilon").get<double>();
  o.epsilon_hat = j.at("epsilon_hat").get<bool>();
  o.weight_decay = j.at("weight_decay").get<double>();
  optim::validate(o);
  return o;
}

Json schedule_json(const optim::ScheduleConfig& s) {
  return {{"kind", optim::to_string(s.kind)},
          {"lr", s.lr},
          {"warmup", s.warmup},
          {"model_size", s.model_size},
          {"step", {{"factor", s.step.factor}, {"every", s.step.every}, {"start", s.step.start}}},
          {"plateau",
           {{"factor", s.plateau.factor},
            {"patience", s.plateau.patience},
            {"min_delta", s.plateau.min_delta},
            {"cooldown", s.plateau.cooldown},
            {"min_lr", s.plateau.min_lr}}}};
}

optim::ScheduleConfig read_schedule(const Json& j) {
  optim::ScheduleConfig s;
  s.kind = optim::parse_lr_schedule(j.at("kind").get<std::string>());
  s.lr = j.at("lr").get<double>();
  s.warmup = j.at("warmup").get<int64_t>();
  s.model_size = j.at("model_size").get<int64_t>();
  const Json& step = j.at("step");
  s.step = {step.at("factor").get<double>(), step.at("every").get<int64_t>(), step.at("start").get<int64_t>()};
  const Json& plateau = j.at("plateau");
  s.plateau = {plateau.at("factor").get<double>(), plateau.at("patience").get<int64_t>(),
               plateau.at("min_delta").get<double>(), plateau.at("cooldown").get<int64_t>(),
               plateau.at("min_lr").get<double>()};
  optim::validate(s);
  return s;
}

}  // namespace

std::string ts_training_record(const TsTrainConfig& c) {
  const train::TrainerOptions& t = c.trainer;
  return Json{{"init", nn::init_name(c.init)},
              {"batch", c.batch},
              {"epochs", t.epochs},
              {"eval_every", t.eval_every},
              {"clip", t.clip},
              {"patience", t.patience},
              {"seed", t.seed},
              {"optimizer", optimizer_json(t.optimizer)},
              {"schedule", schedule_json(t.schedule)},
              {"label_smoothing", t.label_smoothing},
              {"valid_metrics", t.valid_metrics},
              {"best_by", t.best_by}}
      .dump();
}

TsTrainConfig retrain_config(const models::Regressor& model, const models::TsSource& source,
                             const std::filesystem::path& out) {
  if (model.training_record().empty())
    throw UsageError("`retrain`", "the model does not record how it was trained (it predates lstmkit's record)",
                     "train it again with this lstmkit, or backtest it without `retrain`");
  TsTrainConfig c;
  c.spec = model.spec();
  c.spec.source = source;
  c.classify = model.classifies();
  // A model of several series keeps the transform each series was fitted with; their options are the same.
  c.transform = model.series_units().empty() ? model.transform().options()
                                             : model.series_units().front().transform.options();
  c.shape = model.config();
  const std::string where = "the model's training record";
  try {
    const Json j = Json::parse(model.training_record());
    c.init = nn::parse_init(j.at("init").get<std::string>());
    c.batch = j.at("batch").get<size_t>();
    train::TrainerOptions& t = c.trainer;
    t.epochs = j.at("epochs").get<int>();
    t.eval_every = j.at("eval_every").get<int64_t>();
    t.clip = j.at("clip").get<double>();
    t.patience = j.at("patience").get<int>();
    t.seed = j.at("seed").get<uint64_t>();
    t.optimizer = read_optimizer(j.at("optimizer"));
    t.schedule = read_schedule(j.at("schedule"));
    t.label_smoothing = j.at("label_smoothing").get<double>();
    t.valid_metrics = j.at("valid_metrics").get<std::vector<std::string>>();
    t.best_by = j.at("best_by").get<std::string>();
  } catch (const Json::exception& e) {
    throw Error(where, std::string("unreadable (") + e.what() + ")", "the model file is damaged; train it again");
  } catch (const UsageError& e) {
    throw Error(where, e.what_is_wrong(), "the model file is damaged; train it again");
  }
  c.trainer.out = out;
  c.trainer.force = true;
  return c;
}

}  // namespace lstmkit::jobs
