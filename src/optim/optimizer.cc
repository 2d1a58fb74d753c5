#include "lstmkit/optim/optimizer.h"

#include <algorithm>
#include <map>
#include <utility>

#include "lstmkit/error.h"
#include "lstmkit/optim/adam.h"
#include "lstmkit/optim/rmsprop.h"
#include "lstmkit/optim/sgd.h"

namespace lstmkit::optim {
namespace {

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

const char* const kSameRunHint =
    "resume with the same model, `optimizer` and momentum settings as the checkpoint, or train without `resume`";

}  // namespace

Optimizer::Optimizer(OptimizerConfig config, std::vector<std::string> slot_names)
    : config_(std::move(config)), slot_names_(std::move(slot_names)), slots_(slot_names_.size()) {}

void Optimizer::step(nn::Parameters& params, double lr) {
  const size_t p = params.size();
  for (auto& s : slots_) {
    if (s.empty()) s.assign(p, 0.0f);
    if (s.size() != p)
      throw Error("optimizer", "the model has " + std::to_string(p) + " parameters, the optimizer's moments " +
                                   std::to_string(s.size()),
                  "build one optimizer per model, after every tensor is registered");
  }
  ++steps_;
  update(params.values(), params.grads(), lr);
  params.mark_updated();
}

OptimizerState Optimizer::export_state(const nn::Parameters& params) const {
  OptimizerState state;
  state.scalars["optimizer"] = std::string(name());
  state.scalars["step"] = format_exact(steps_);
  const bool allocated = !slots_.empty() && !slots_.front().empty();
  if (!allocated) return state;
  for (const nn::ParamView& view : params.views())
    for (size_t k = 0; k < slots_.size(); ++k)
      state.tensors.push_back({"optim." + view.name + "." + slot_names_[k], view.shape,
                               std::span<const float>(slots_[k]).subspan(view.offset, view.size)});
  return state;
}

void Optimizer::import_state(const nn::Parameters& params, const OptimizerState& state, const std::string& source) {
  const std::string& kind = read_text(state.scalars, "optimizer", source);
  if (kind != name())
    throw Error(source, "the checkpoint's optimizer state is for " + kind + ", this run uses " + std::string(name()),
                kSameRunHint);
  const int64_t step = read_int(state.scalars, "step", source);
  if (step < 0) throw Error(source, "optimizer step count " + std::to_string(step) + " is negative", kSameRunHint);

  // Every expected tensor: name → (slot, view). Checked completely before anything is overwritten.
  std::map<std::string, std::pair<size_t, const nn::ParamView*>> expected;
  for (const nn::ParamView& view : params.views())
    for (size_t k = 0; k < slot_names_.size(); ++k)
      expected.emplace("optim." + view.name + "." + slot_names_[k], std::make_pair(k, &view));

  if (state.tensors.empty() && step == 0) {
    for (auto& s : slots_) s.clear();
    steps_ = 0;
    return;
  }
  std::map<std::string, const StateTensor*> found;
  for (const StateTensor& t : state.tensors) {
    const auto it = expected.find(t.name);
    if (it == expected.end())
      throw Error(source, "unexpected optimizer tensor " + t.name + " for " + std::string(name()), kSameRunHint);
    if (!found.emplace(t.name, &t).second)
      throw Error(source, "optimizer tensor " + t.name + " appears twice", kSameRunHint);
    const nn::ParamView& view = *it->second.second;
    if (t.shape != view.shape)
      throw Error(source, "optimizer tensor " + t.name + " has shape " + shape_text(t.shape) + ", the model's " +
                              view.name + " is " + shape_text(view.shape),
                  kSameRunHint);
    if (t.data.size() != view.size)
      throw Error(source, "optimizer tensor " + t.name + " holds " + std::to_string(t.data.size()) +
                              " floats, its shape needs " + std::to_string(view.size),
                  "the checkpoint is damaged; use another one");
  }
  for (const auto& [tensor_name, slot_and_view] : expected)
    if (!found.count(tensor_name))
      throw Error(source, "optimizer tensor " + tensor_name + " is missing", kSameRunHint);

  for (auto& s : slots_) s.assign(params.size(), 0.0f);
  for (const auto& [tensor_name, tensor] : found) {
    const auto& [k, view] = expected.at(tensor_name);
    std::copy(tensor->data.begin(), tensor->data.end(), slots_[k].begin() + static_cast<ptrdiff_t>(view->offset));
  }
  steps_ = step;
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config) {
  validate(config);
  switch (config.kind) {
    case OptimizerKind::sgd: return std::make_unique<Sgd>(config);
    case OptimizerKind::rmsprop: return std::make_unique<RmsProp>(config);
    case OptimizerKind::adam: return std::make_unique<Adam>(config);
  }
  throw Error("`optimizer`", "unknown optimizer kind", "use sgd, rmsprop or adam");
}

}  // namespace lstmkit::optim
