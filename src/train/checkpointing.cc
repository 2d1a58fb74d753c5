#include "lstmkit/train/checkpointing.h"

#include <nlohmann/json.hpp>

#include "lstmkit/dist/gather.h"
#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/io/output_directory.h"
#include "lstmkit/train/trainer.h"

namespace lstmkit::train {

namespace fs = std::filesystem;

fs::path best_model_path(const fs::path& out) { return out / "model.safetensors"; }
fs::path last_model_path(const fs::path& out) { return out / "last.safetensors"; }

void check_output_dir(const TrainerOptions& o) {
  io::check_output_directory(o.out, "`out`");
  if (o.resume) {
    if (!fs::exists(last_model_path(o.out)))
      throw Error(last_model_path(o.out).string(), "no checkpoint to resume from",
                  "train without `resume` first, or point `out` at the run to continue");
  } else if (!o.force && (fs::exists(best_model_path(o.out)) || fs::exists(last_model_path(o.out)))) {
    throw Error(o.out.string(), "already holds a trained model",
                "pass `resume` to continue it, `force` to overwrite it, or choose another `out`");
  }
}

namespace {
constexpr char kOptimizerKey[] = "train_state.optimizer";
constexpr char kScheduleKey[] = "train_state.lr_schedule";

std::string scalars_to_json(const optim::ScalarState& s) { return nlohmann::json(s).dump(); }

optim::ScalarState scalars_from_json(const io::Metadata& m, const std::string& key, const std::string& source) {
  const auto it = m.find(key);
  if (it == m.end())
    throw Error(source, "no '" + key + "' metadata", "this checkpoint cannot be resumed; start a new run with `force`");
  try {
    return nlohmann::json::parse(it->second).get<optim::ScalarState>();
  } catch (const std::exception&) {
    throw Error(source, "unreadable '" + key + "' metadata", "the checkpoint is damaged; start a new run with `force`");
  }
}
}  // namespace

Checkpointing::Checkpointing(TrainTask& task, const TrainerOptions& options, optim::Optimizer& optimizer,
                             optim::LrSchedule& schedule, dist::Communicator& comm)
    : task_(task), o_(options), optimizer_(optimizer), schedule_(schedule), comm_(comm) {}

TrainState Checkpointing::resume(Rng& rng, Reporter& reporter) {
  const fs::path path = last_model_path(o_.out);
  const std::string source = path.string();
  const io::Metadata expected = task_.model_metadata();
  io::Checkpoint cp = io::Checkpoint::load(path, task_.parameters());
  for (const char* key : {"kind", "config"}) {
    const auto want = expected.find(key);
    const auto got = cp.metadata.find(key);
    if (want != expected.end() && (got == cp.metadata.end() || got->second != want->second))
      throw Error(source, std::string("was trained with another model ") + key,
                  "resume with the options it was started with, or start a new run in another `out`");
  }
  const auto ts = cp.metadata.find("train_state");
  if (ts == cp.metadata.end())
    throw Error(source, "has no train_state", "it is not a training checkpoint; start a new run with `force`");
  const TrainState state = train_state_from_json(ts->second, source);

  optim::OptimizerState opt_state;
  opt_state.scalars = scalars_from_json(cp.metadata, kOptimizerKey, source);
  for (const auto& t : cp.extra)
    if (t.name.rfind("optim.", 0) == 0) opt_state.tensors.push_back({t.name, t.shape, t.data});
  optimizer_.import_state(task_.parameters(), opt_state, source);
  schedule_.import_state(scalars_from_json(cp.metadata, kScheduleKey, source), source);

  if (state.batch > 0) {
    // Mid-epoch: replay the epoch's start (its shuffle) from the generator as it was then.
    rng.set_state(state.epoch_rng);
    task_.begin_epoch(state.epoch, rng);
    task_.restore_carried_state(cp.extra, source);
  }
  rng.set_state(state.rng);
  reporter.note("resuming " + source + " at epoch " + std::to_string(state.epoch) + ", batch " +
                std::to_string(state.batch) + " (step " + std::to_string(state.step) + ")");
  return state;
}

io::Metadata Checkpointing::metadata(TrainState state, const Rng& rng) const {
  io::Metadata m = task_.model_metadata();
  state.rng = rng.state();
  m["train_state"] = train_state_to_json(state);
  m[kOptimizerKey] = scalars_to_json(optimizer_.export_state(task_.parameters()).scalars);
  m[kScheduleKey] = scalars_to_json(schedule_.export_state());
  if (!o_.run_options.empty()) m[kRunOptionsKey] = o_.run_options;
  return m;
}

void Checkpointing::save_last(const TrainState& state, const Rng& rng, LogCsv* log) {
  std::vector<dist::GatheredTensor> carried;
  std::vector<io::TensorRef> extra;
  if (state.batch > 0)
    for (const auto& t : task_.carried_state()) {
      if (comm_.size() == 1) {
        extra.push_back(t);
        continue;
      }
      carried.push_back(dist::gather_dim1(comm_, t.shape, t.data));
      extra.push_back({t.name, carried.back().shape, carried.back().data.data()});
    }
  if (comm_.rank() != 0) return;
  const optim::OptimizerState opt = optimizer_.export_state(task_.parameters());
  for (const auto& t : opt.tensors) extra.push_back({t.name, t.shape, t.data.data()});
  io::Checkpoint::save(last_model_path(o_.out), task_.parameters(), extra, metadata(state, rng));
  log->commit();
}

void Checkpointing::save_best(const TrainState& state, const Rng& rng) {
  if (comm_.rank() == 0) io::Checkpoint::save(best_model_path(o_.out), task_.parameters(), {}, metadata(state, rng));
}

}  // namespace lstmkit::train
