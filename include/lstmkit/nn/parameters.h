#pragma once
// All of a model's parameters live in one flat buffer with named views; gradients (and optimiser
// moments, kept by the optimiser) use the same layout, so an optimiser is one loop over floats and a
// checkpoint is the list of views. Names follow PyTorch's state_dict (`rnn.weight_ih_l0`, `head.bias`).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lstmkit::nn {

// A tensor a layer registers: each layer derives its list from its config alone (a static function), so
// that a checkpoint's tensor table can be checked against a config before anything is allocated.
struct ParamShape {
  std::string name;
  std::vector<int64_t> shape;  // row-major, as PyTorch's tensor
};

struct ParamView : ParamShape {
  size_t offset = 0;  // into the flat buffers, in floats
  size_t size = 0;    // product of shape
};

using ParamId = size_t;

// Told, during a training step's backward, which gradients are already final, so that a data-parallel
// run can send them to the other ranks while the rest of backward runs (dist/gradient_reducer.h).
class GradientListener {
 public:
  virtual ~GradientListener() = default;
  // Backward begins; the step's loss is a mean over `units` (the count its task will report).
  virtual void backward_started(int64_t units) = 0;
  // Floats [offset, offset + size) of the gradient buffer receive nothing more this step.
  virtual void gradients_final(size_t offset, size_t size) = 0;
};

class Parameters {
 public:
  // Adds a zero-initialised tensor. Layers register their tensors once, at construction; pointers
  // from value()/grad() stay valid only until the next add(), so layers keep ParamIds, not pointers.
  ParamId add(std::string name, std::vector<int64_t> shape);
  // Registers `name` as a second name of tensor `to` (weight tying): the same floats, so both uses add
  // into one gradient and an optimiser moves them once; a checkpoint stores both names, as PyTorch's
  // state_dict of a tied module does.
  ParamId tie(std::string name, ParamId to);

  float* value(ParamId id) { return values_.data() + views_[id].offset; }
  const float* value(ParamId id) const { return values_.data() + views_[id].offset; }
  float* grad(ParamId id) { return grads_.data() + views_[id].offset; }
  const float* grad(ParamId id) const { return grads_.data() + views_[id].offset; }
  const ParamView& view(ParamId id) const { return views_[id]; }

  std::span<float> values() { return values_; }
  std::span<const float> values() const { return values_; }
  std::span<float> grads() { return grads_; }
  std::span<const float> grads() const { return grads_; }
  const std::vector<ParamView>& views() const { return views_; }
  size_t size() const { return values_.size(); }

  // Finds a tensor by name; throws lstmkit::Error when there is none.
  ParamId find(const std::string& name) const;

  // Gradients add into their buffers; zeroing them is this separate, explicit call. It also starts a
  // new step for the listener: no gradient is final.
  void zero_grads();

  // A model's backward says, as it goes, what is done: backward_started with its loss's count, then
  // gradients_final after each part (the head, the recurrent stack, the embedding). Without a listener
  // both do nothing; a model that never calls them has its gradients sent when its step ends.
  void set_listener(GradientListener* listener);
  void backward_started(int64_t units);
  // Every tensor whose name starts with `prefix` ("head.") is final; a tensor tied to another name is
  // final once both names are.
  void gradients_final(const std::string& prefix);
  void gradients_final(ParamId id);

  // Bumped whenever values change (optimiser step, checkpoint load, initialisation), so layers that
  // keep weights reordered into a primitive's layout know when to reorder again — once per update.
  uint64_t version() const { return version_; }
  void mark_updated() { ++version_; }

 private:
  std::vector<ParamView> views_;
  std::vector<float> values_;
  std::vector<float> grads_;
  uint64_t version_ = 1;
  GradientListener* listener_ = nullptr;
  std::vector<bool> final_;  // per name, this step
};

}  // namespace lstmkit::nn
