#include "lstmkit/nn/parameters.h"

#include <algorithm>

#include "lstmkit/error.h"

namespace lstmkit::nn {

ParamId Parameters::add(std::string name, std::vector<int64_t> shape) {
  size_t size = 1;
  for (int64_t d : shape) size *= static_cast<size_t>(d);
  ParamView view{{std::move(name), std::move(shape)}, values_.size(), size};
  values_.resize(values_.size() + size, 0.0f);
  grads_.resize(values_.size(), 0.0f);
  views_.push_back(std::move(view));
  ++version_;
  return views_.size() - 1;
}

ParamId Parameters::tie(std::string name, ParamId to) {
  ParamView view = views_.at(to);
  view.name = std::move(name);
  views_.push_back(std::move(view));
  return views_.size() - 1;
}

ParamId Parameters::find(const std::string& name) const {
  for (size_t i = 0; i < views_.size(); ++i)
    if (views_[i].name == name) return i;
  throw Error(name, "no such parameter tensor", "check the model's tensor names with `lstmkit summary`");
}

void Parameters::zero_grads() {
  std::fill(grads_.begin(), grads_.end(), 0.0f);
  final_.assign(views_.size(), false);
}

void Parameters::set_listener(GradientListener* listener) {
  listener_ = listener;
  final_.assign(views_.size(), false);
}

void Parameters::backward_started(int64_t units) {
  if (listener_) listener_->backward_started(units);
}

void Parameters::gradients_final(const std::string& prefix) {
  if (!listener_) return;
  for (ParamId id = 0; id < views_.size(); ++id)
    if (views_[id].name.starts_with(prefix)) gradients_final(id);
}

void Parameters::gradients_final(ParamId id) {
  if (!listener_ || final_.at(id)) return;
  final_[id] = true;
  const ParamView& done = views_[id];
  for (ParamId other = 0; other < views_.size(); ++other)
    if (views_[other].offset == done.offset && !final_[other]) return;  // a tied name still to come
  listener_->gradients_final(done.offset, done.size);
}

}  // namespace lstmkit::nn
