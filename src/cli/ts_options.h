#pragma once
// Data-source options shared by train-ts, forecast and backtest: --csv with its column choices, and --synthetic
// with its generator settings. train-ts's --seed (shared with initialisation) also seeds the generator.
// Then train-ts's own data options: windows or groups, split, scaling and task, read into a TsSpec.
#include <cstdint>
#include <optional>

#include "command.h"
#include "lstmkit/data/target_transform.h"
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

// forecast, backtest: the data to run a trained model on: what --csv or --synthetic name, else the
// model's own generated data made again from its settings (--seed, where the command has it, reseeds
// it). The CSV path a model stores is never opened: a model file is input like any other, and an altered
// one must not make a command read (and quote in an error) a file the user did not name. The model's
// column choices apply to the file the user names; a model trained on generated data reads a CSV file's
// columns of the same names. `command` names the command in the error for a missing --csv.
models::TsSource model_data_source(const po::variables_map& vm, const models::TsSpec& model_spec,
                                   const std::string& command);

// A count option (long long) of at least `minimum`. Throws lstmkit::UsageError below it.
size_t count_option(const po::variables_map& vm, const char* name, long long minimum);

// train-ts: --window --horizon --return-sequences --scale --val-frac --task --label --group.
void declare_ts_spec_options(po::options_description& o, const models::TsSpec& defaults);

// train-ts: --task, checked against --label, --target and --group; true for classify.
bool read_classify_task(const po::variables_map& vm);

// train-ts: the spec a new model gets from the options: source (with the label and group columns),
// windows or the groups' length cap, split, scaling; `seed` draws the validation groups. The columns and
// classes come from the data later (models::describe_columns). Throws lstmkit::UsageError for options
// that do not fit the data (windows of sequence datasets, --horizon with --group, ...).
models::TsSpec read_ts_spec(const po::variables_map& vm, models::TsSource source, bool classify, uint64_t seed);

// train-ts: --log, --sqrt, --detrend, --difference (data/target_transform.h).
void declare_ts_transform_options(po::options_description& o);
// The transforms asked for. Throws lstmkit::UsageError for an unknown --detrend, and --sqrt with --log.
data::TransformOptions read_ts_transform(const po::variables_map& vm);

}  // namespace lstmkit::cli
