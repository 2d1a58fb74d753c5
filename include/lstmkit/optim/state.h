#pragma once
// What an optimiser or a learning-rate schedule hands to the checkpoint writer so that `--resume`
// continues bit-identically to an uninterrupted run, and takes back from the checkpoint reader.
//
// How a checkpoint stores it (safetensors, see DESIGN.md):
// - every StateTensor becomes one extra F32 tensor under its own name, beside the model's tensors:
//   `optim.<parameter name>.<slot>` with the parameter's shape, e.g. `optim.rnn.weight_ih_l0.m`
//   [G·H, I]. Slots: Adam `m` (first moment) and `v` (second moment); RMSprop `v` (mean square) and,
//   with momentum, `momentum`; SGD with momentum `momentum`; SGD without momentum has none.
// - every ScalarState becomes one JSON object of strings inside `__metadata__` (which only holds
//   strings, so the object is itself serialised): suggested keys `train_state.optimizer` and
//   `train_state.lr_schedule`, e.g. {"optimizer": "adam", "step": "1200"} and
//   {"schedule": "plateau", "lr": "0.0001", "best": "1.4302", "wait": "2", "cooldown_counter": "0"}.
//   Numbers are written with format_exact(), the shortest text that reads back to the same double,
//   so a float written and read again is bit-identical ("inf" and "nan" included).
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace lstmkit::optim {

// Scalar state as text: key → value. Numbers go through format_exact() and read_double()/read_int().
using ScalarState = std::map<std::string, std::string>;

// One moment tensor of one parameter, same shape and row-major layout as the parameter.
struct StateTensor {
  std::string name;              // "optim.<parameter name>.<slot>"
  std::vector<int64_t> shape;    // the parameter's shape
  std::span<const float> data;   // product(shape) floats; on export a view into the optimiser, valid
                                 // until its next step() or import_state(); on import the caller's memory
};

struct OptimizerState {
  std::vector<StateTensor> tensors;  // parameter order, then slot order; empty before the first step
  ScalarState scalars;               // "optimizer" (sgd|rmsprop|adam) and "step" (updates done so far)
};

// The shortest decimal text that reads back to exactly `x` ("inf", "-inf", "nan" for non-finite).
std::string format_exact(double x);
std::string format_exact(int64_t x);

// Typed reads from a ScalarState; throw lstmkit::Error(source, ...) when the key is missing or its
// value does not parse. `source` names where the state came from (the checkpoint file).
const std::string& read_text(const ScalarState& state, const std::string& key, const std::string& source);
double read_double(const ScalarState& state, const std::string& key, const std::string& source);
int64_t read_int(const ScalarState& state, const std::string& key, const std::string& source);

}  // namespace lstmkit::optim
