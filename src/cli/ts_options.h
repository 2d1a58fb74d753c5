#pragma once
// Data-source options shared by train-ts and forecast: --csv with its column choices, and --synthetic
// with its generator settings. train-ts's --seed (shared with initialisation) also seeds the generator.
#include <cstdint>
#include <optional>

#include "command.h"
#include "lstmkit/models/ts_spec.h"

namespace lstmkit::cli {

// --csv --target --features --no-header --fill --synthetic --length --noise --sequences (not --seed).
void declare_ts_source_options(po::options_description& o);

// Whether any option of the given source kind was typed.
bool csv_options_given(const po::variables_map& vm);
bool synthetic_options_given(const po::variables_map& vm);

// The source the options describe, starting from `base` (forecast: the model's own source) for what
// they leave out; `seed`, when given, seeds a synthetic source. nullopt when neither --csv nor
// --synthetic is given and there is no base. Throws lstmkit::UsageError for --csv with --synthetic,
// CSV options without a CSV file, generator options without a synthetic source, or bad values.
std::optional<models::TsSource> read_ts_source(const po::variables_map& vm,
                                               const std::optional<models::TsSource>& base,
                                               std::optional<uint64_t> seed);

}  // namespace lstmkit::cli
