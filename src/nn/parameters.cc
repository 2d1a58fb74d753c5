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

void Parameters::zero_grads() { std::fill(grads_.begin(), grads_.end(), 0.0f); }

}  // namespace lstmkit::nn
