#pragma once
// The library names a setting by its config field in backticks (`val_frac`, lstmkit/error.h); the
// program by the option that sets it (`--val-frac`). Errors and notes pass through with_option_names()
// on their way to the terminal.
#include <string>

namespace lstmkit::cli {

// The running command sets config field `field` under `option` rather than the field with dashes
// (train-lm's `input` is --text; translate's `alignments` error is the model's, named by its path).
void name_setting(const std::string& field, const std::string& option);

// `text` with every setting in it named as the running command's option.
std::string with_option_names(const std::string& text);

}  // namespace lstmkit::cli
