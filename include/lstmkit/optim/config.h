#pragma once
// Optimiser hyper-parameters, with two named presets: Keras' (Keras 2.x / tf.keras, the project's
// default) and PyTorch's (the library that produced the issue 5/6 reference curves).
//
//                 Keras 2.x (tf.keras.optimizers.*)          PyTorch 1.13 (torch.optim.*)
//   SGD      lr 0.01, momentum 0, nesterov off           lr required (we use 0.01), momentum 0, dampening 0
//   RMSprop  lr 1e-3, rho 0.9, eps 1e-7, momentum 0      lr 1e-2, alpha 0.99, eps 1e-8, momentum 0
//   Adam     lr 1e-3, beta_1 0.9, beta_2 0.999, eps 1e-7 lr 1e-3, betas (0.9, 0.999), eps 1e-8
//            eps is "epsilon hat": added to √v           eps added to √v̂ = √v / √(1-β2^t)
//            before the bias correction
// Sources: tensorflow.org/versions/r2.9/api_docs/python/tf/keras/optimizers/{Adam,RMSprop,SGD} and
// keras/optimizer_v2/{adam,rmsprop}.py; pytorch.org/docs/1.13/generated/torch.optim.{SGD,RMSprop,Adam}.
#include <string>
#include <string_view>

namespace lstmkit::optim {

enum class OptimizerKind { sgd, rmsprop, adam };

// Which library's defaults a config starts from; for Adam it also chooses where epsilon goes.
enum class Defaults { keras, torch };

// Scalars are double, as in PyTorch (Python floats): coefficients such as 1-β1 and the Adam bias
// corrections are formed in double and rounded to float once, before the float loops.
struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::adam;
  double lr = 1e-3;            // initial learning rate; the LrSchedule owns the current one
  double momentum = 0.0;       // SGD, RMSprop: μ, PyTorch's formulation (lr outside the buffer)
  double dampening = 0.0;      // SGD: τ, buf = μ·buf + (1-τ)·g after the first step (PyTorch)
  bool nesterov = false;       // SGD: step along g + μ·buf instead of buf
  double rho = 0.9;            // RMSprop: decay of the mean square (Keras `rho`, PyTorch `alpha`)
  double beta1 = 0.9;          // Adam: decay of the first moment
  double beta2 = 0.999;        // Adam: decay of the second moment
  double epsilon = 1e-7;       // RMSprop, Adam: added to the denominator's square root
  bool epsilon_hat = true;     // Adam: true = Keras (ε added to √v), false = PyTorch (ε added to √v̂)
  double weight_decay = 0.0;   // L2 added to the gradient, g + λ·w, as PyTorch's `weight_decay`; for
                               // Adam this is coupled L2 (it enters the moments), not AdamW's decay
};

// The named preset for one optimiser: every field set from that library's defaults.
OptimizerConfig default_config(OptimizerKind kind, Defaults defaults = Defaults::keras);

// "sgd" | "rmsprop" | "adam"; anything else throws UsageError("`optimizer`", ...).
OptimizerKind parse_optimizer(const std::string& name);
// "keras" | "torch"; anything else throws UsageError("`optimizer_defaults`", ...).
Defaults parse_defaults(const std::string& name);

std::string_view to_string(OptimizerKind kind);
std::string_view to_string(Defaults defaults);

// Throws UsageError naming the offending setting (`lr`, `momentum`, `dampening`, `nesterov`, `rho`,
// `beta1`, `beta2`, `epsilon`, `weight_decay`) when a value is out of range or not finite.
void validate(const OptimizerConfig& config);

}  // namespace lstmkit::optim
