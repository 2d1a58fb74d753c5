#pragma once
// How many examples --val-frac holds out, checked the same way for every dataset split by example
// (groups of a CSV file, sequences of a synthetic dataset).
#include <cstddef>
#include <string>

namespace lstmkit::data {

// round(count · val_frac). Throws lstmkit::UsageError on "`val_frac`" when val_frac is outside [0, 1), or
// when it leaves no training example, or no validation example for a positive val_frac. `items` names
// the examples in the message ("groups"); `hint` says how to get more of them.
size_t held_out_count(size_t count, double val_frac, const std::string& items, const std::string& hint);

}  // namespace lstmkit::data
