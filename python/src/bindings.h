#pragma once
// The parts of the lstmkit._lstmkit extension module, one file each, and what they share.
#include <pybind11/pybind11.h>

#include "lstmkit/models/summary.h"
#include "lstmkit/nn/parameters.h"

namespace lstmkit::python {

void bind_language_model(pybind11::module_& m);
void bind_checkpoints(pybind11::module_& m);
void bind_translator(pybind11::module_& m);
void bind_forecaster(pybind11::module_& m);
void bind_plot(pybind11::module_& m);

// `text` with the settings the library names (`val_frac`, lstmkit/error.h) as Python's keywords.
std::string with_keywords(const std::string& text);

// {"layers": [{name, type, output_shape, keras_params, torch_params}], "keras_params", "torch_params",
// "text"}: summary --json's object, and the table as `lstmkit summary` prints it.
pybind11::dict summary_dict(const models::ModelSummary& summary);
// The parameters by their PyTorch names, as numpy arrays (copies).
pybind11::dict weights_dict(const nn::Parameters& parameters);

}  // namespace lstmkit::python
