#include "lstmkit/train/train_state.h"

#include <nlohmann/json.hpp>

#include "lstmkit/error.h"
#include "lstmkit/optim/state.h"

namespace lstmkit::train {

namespace {
using nlohmann::json;

// Doubles and 64-bit words go through text so that they survive JSON readers that use doubles.
json optional_number(const std::optional<double>& x) {
  return x ? json(optim::format_exact(*x)) : json(nullptr);
}

std::optional<double> read_optional(const json& j, const char* key) {
  if (j.at(key).is_null()) return std::nullopt;
  return std::stod(j.at(key).get<std::string>());
}

json words(const std::array<uint64_t, 2>& s) { return {std::to_string(s[0]), std::to_string(s[1])}; }

std::array<uint64_t, 2> read_words(const json& j) {
  return {std::stoull(j.at(0).get<std::string>()), std::stoull(j.at(1).get<std::string>())};
}
}  // namespace

bool TrainState::record_validation(std::optional<double> loss, std::optional<double> score) {
  const bool improved = score ? !best_score || *score > *best_score : !loss || !best_val || *loss < *best_val;
  if (!improved) {
    ++stale;
    return false;
  }
  if (score) best_score = score;
  if (loss) best_val = loss;
  stale = 0;
  return true;
}

std::string train_state_to_json(const TrainState& s) {
  json j = {{"epoch", s.epoch},
            {"batch", s.batch},
            {"step", s.step},
            {"best_val", optional_number(s.best_val)},
            {"last_val", optional_number(s.last_val)},
            {"best_score", optional_number(s.best_score)},
            {"stale", s.stale},
            {"epoch_loss", optim::format_exact(s.epoch_loss)},
            {"epoch_units", s.epoch_units},
            {"seed", std::to_string(s.seed)},
            {"rng", words(s.rng)},
            {"epoch_rng", words(s.epoch_rng)}};
  return j.dump();
}

TrainState train_state_from_json(const std::string& text, const std::string& source) {
  try {
    const json j = json::parse(text);
    TrainState s;
    s.epoch = j.at("epoch").get<int>();
    s.batch = j.at("batch").get<int64_t>();
    s.step = j.at("step").get<int64_t>();
    s.best_val = read_optional(j, "best_val");
    s.last_val = read_optional(j, "last_val");
    // Absent from checkpoints written before runs could select by a metric: those selected by loss.
    if (j.contains("best_score")) s.best_score = read_optional(j, "best_score");
    s.stale = j.at("stale").get<int>();
    // Absent from checkpoints written before the running mean was saved: the mean then restarts.
    if (j.contains("epoch_loss")) s.epoch_loss = std::stod(j.at("epoch_loss").get<std::string>());
    if (j.contains("epoch_units")) s.epoch_units = j.at("epoch_units").get<int64_t>();
    // Absent from checkpoints written before the seed was recorded: 0, unknown.
    if (j.contains("seed")) s.seed = std::stoull(j.at("seed").get<std::string>());
    s.rng = read_words(j.at("rng"));
    s.epoch_rng = read_words(j.at("epoch_rng"));
    if (s.epoch < 1 || s.batch < 0 || s.step < 0 || s.epoch_units < 0)
      throw std::out_of_range("negative position");
    return s;
  } catch (const std::exception& e) {
    throw Error(source, std::string("unreadable train_state metadata (") + e.what() + ")",
                "the checkpoint is damaged or from another program; start a new run with `force`");
  }
}

}  // namespace lstmkit::train
