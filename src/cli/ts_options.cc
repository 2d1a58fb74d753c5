#include "ts_options.h"

#include <charconv>

#include "lstmkit/error.h"
#include "lstmkit/nn/quantile_loss.h"
#include "lstmkit/text/visible_token.h"
#include "option_groups.h"
#include "training_options.h"

namespace lstmkit::cli {

void declare_ts_source_options(po::options_description& o) {
  add_options(o, OptionGroup::data)
      ("csv", po::value<std::string>(), "CSV file of numeric columns, oldest row first")
      ("target", po::value<std::string>(), "CSV column to predict, by header name or 0-based index (default: the last)")
      ("features", po::value<std::string>(), "CSV input columns a,b,c (default: the target alone)")
      ("no-header", po::bool_switch(), "the CSV has no header line (columns: value, or column0, column1, ...)")
      ("fill", po::value<std::string>(), "missing or non-numeric CSV values: none (an error), ffill or drop")
      ("time-column", po::value<std::string>(), "CSV column of each row's date or time (ISO 8601: 1949-01, 2024-03-05, 2024-03-05T10:00), evenly spaced, oldest first; used for plots, forecast.csv and --calendar")
      ("synthetic", po::value<std::string>(),
       "generated data: sine, sincos, damped, noisy-sine, linear, lorenz, cumsum or adding")
      ("length", po::value<long long>(), "rows of a synthetic series, or steps per sequence (cumsum, adding)")
      ("noise", po::value<double>(), "noise standard deviation of noisy-sine (default 0.1)")
      ("sequences", po::value<long long>(), "sequences of cumsum and adding (default 10000)");
}

bool csv_options_given(const po::variables_map& vm) {
  return vm.count("csv") || vm.count("target") || vm.count("features") || vm["no-header"].as<bool>() ||
         vm.count("fill") || vm.count("time-column");
}

bool synthetic_options_given(const po::variables_map& vm) {
  return vm.count("synthetic") || vm.count("length") || vm.count("noise") || vm.count("sequences");
}

namespace {

size_t positive_count(const po::variables_map& vm, const char* name, size_t minimum) {
  const long long v = vm[name].as<long long>();
  if (v < static_cast<long long>(minimum))
    throw UsageError(std::string("--") + name, "must be at least " + std::to_string(minimum),
                     "got " + std::to_string(v));
  return static_cast<size_t>(v);
}

models::TsSource csv_source(const po::variables_map& vm, const std::optional<models::TsSource>& base) {
  models::TsSource s;
  if (base && base->synthetic == std::nullopt) s = *base;
  if (vm.count("csv")) s.csv = vm["csv"].as<std::string>();
  if (vm.count("target")) s.csv_options.target = vm["target"].as<std::string>();
  if (vm.count("features")) s.csv_options.features = data::parse_column_list(vm["features"].as<std::string>());
  if (vm["no-header"].as<bool>()) s.csv_options.no_header = true;
  if (vm.count("fill")) s.csv_options.fill = data::parse_fill_policy(vm["fill"].as<std::string>());
  if (vm.count("time-column")) s.csv_options.time = vm["time-column"].as<std::string>();
  if (s.csv.empty())
    throw UsageError("--csv", "missing",
                     "CSV options (--target, --features, --no-header, --fill, --time-column) need --csv FILE");
  return s;
}

models::TsSource synthetic_source(const po::variables_map& vm, const std::optional<models::TsSource>& base,
                                  std::optional<uint64_t> seed) {
  data::SyntheticOptions o;
  const bool same_kind = base && base->synthetic &&
                         (!vm.count("synthetic") ||
                          data::parse_synthetic_kind(vm["synthetic"].as<std::string>()) == base->synthetic->kind);
  if (same_kind) o = *base->synthetic;
  if (vm.count("synthetic")) o.kind = data::parse_synthetic_kind(vm["synthetic"].as<std::string>());
  if (!vm.count("synthetic") && !(base && base->synthetic))
    throw UsageError("--synthetic", "missing", "generator options (--length, --noise, --sequences) need --synthetic NAME");
  if (vm.count("length")) o.length = positive_count(vm, "length", 2);
  if (vm.count("noise")) o.noise = vm["noise"].as<double>();
  if (vm.count("sequences")) {
    if (!data::is_sequence_kind(o.kind))
      throw UsageError("--sequences", data::synthetic_name(o.kind) + " is one series, not a dataset of sequences",
                       "--sequences is for cumsum and adding; use --length for the rows of a series");
    o.sequences = positive_count(vm, "sequences", 1);
  }
  if (seed) o.seed = *seed;
  if (o.length == 0) o.length = data::default_length(o.kind);
  models::TsSource s;
  s.synthetic = o;
  return s;
}

}  // namespace

std::optional<models::TsSource> read_ts_source(const po::variables_map& vm,
                                               const std::optional<models::TsSource>& base,
                                               std::optional<uint64_t> seed) {
  if (vm.count("csv") && vm.count("synthetic"))
    throw UsageError("--csv", "cannot be combined with --synthetic", "learn from a file or from generated data, not both");
  const bool csv_given = csv_options_given(vm), synthetic_given = synthetic_options_given(vm);
  if (csv_given && synthetic_given)
    throw UsageError(vm.count("csv") ? "--csv" : "--synthetic",
                     "CSV options and generator options were both given", "choose --csv or --synthetic");
  if (vm.count("csv") || (csv_given && base && !base->synthetic)) return csv_source(vm, base);
  if (csv_given) return csv_source(vm, std::nullopt);
  if (vm.count("synthetic") || synthetic_given || (base && base->synthetic)) {
    if (!synthetic_given && !seed) return base;
    return synthetic_source(vm, base, seed);
  }
  return base;
}

void declare_ts_spec_options(po::options_description& o, const models::TsSpec& defaults) {
  add_options(o, OptionGroup::data)
      ("window", po::value<int>()->default_value(static_cast<int>(defaults.window.length)), "input steps per window (T); with --group, the most rows of a group the model reads (its last ones; default: all)")
      ("horizon", po::value<int>(), "predict the value this many steps after the window's last step (default 1; 0 when classifying)")
      ("output-steps", po::value<int>(), "a direct multi-step head: predict the next S values at once (Darts' output_chunk_length; default 1); forecast --steps uses it, S steps at a time")
      ("return-sequences", po::bool_switch(), "n-to-n: a target for every step of the window, not only the last")
      ("scale", po::value<std::string>()->default_value(data::scale_kind_name(defaults.scale)), "feature and target scaling, fitted on the training part: zscore, minmax or none")
      ("val-frac", po::value<double>()->default_value(defaults.val_frac), "fraction held out for validation: the end of a series, the last sequences, or groups drawn at random")
      ("task", po::value<std::string>()->default_value("regress"), "regress (MSE) or classify (softmax, cross-entropy, accuracy)")
      ("label", po::value<std::string>(), "classify: the CSV column of class labels (numbers or words), by name or index")
      ("group", po::value<std::string>(), "classify: the CSV column naming each row's sequence; the rows of a group, in file order, are one example with one label")
      ("calendar", po::value<std::string>(), "calendar covariates from --time-column as sin/cos pairs, known for future rows: month, dayofweek, dayofmonth, dayofyear, hour, minute (e.g. month,dayofweek)")
      ("quantiles", po::value<std::string>(), "regression: predict these quantiles of each target (e.g. 0.1,0.5,0.9), trained with the pinball loss; the point forecast is the median");
}

bool read_classify_task(const po::variables_map& vm) {
  const std::string task = vm["task"].as<std::string>();
  if (task != "regress" && task != "classify")
    throw UsageError("--task", "unknown task '" + task + "'", "use regress or classify");
  if (task == "classify") {
    if (!vm.count("label"))
      throw UsageError("--label", "missing", "--task classify needs the label column: --label COLUMN");
    if (vm.count("target"))
      throw UsageError("--target", "cannot be combined with --task classify", "name the class column with --label");
  } else {
    if (vm.count("label"))
      throw UsageError("--label", "is for --task classify", "add --task classify, or predict a column with --target");
    if (vm.count("group"))
      throw UsageError("--group", "is for --task classify", "add --task classify --label COLUMN to classify each group");
  }
  return task == "classify";
}

namespace {

std::vector<double> parse_quantiles(const std::string& list) {
  std::vector<double> quantiles;
  for (const std::string& item : data::parse_column_list(list, "--quantiles")) {
    double q = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), q);
    if (ec != std::errc() || end != item.data() + item.size())
      throw UsageError("--quantiles", "'" + text::printable(item) + "' is not a number",
                       "list quantiles between 0 and 1, e.g. 0.1,0.5,0.9");
    quantiles.push_back(q);
  }
  if (const std::optional<std::string> problem = nn::quantile_problem(quantiles))
    throw UsageError("--quantiles", *problem, "list distinct quantiles between 0 and 1 in ascending order, e.g. 0.1,0.5,0.9");
  return quantiles;
}

size_t at_least(const po::variables_map& vm, const char* name, int minimum) {
  const int v = vm[name].as<int>();
  if (v < minimum)
    throw UsageError(std::string("--") + name, "must be at least " + std::to_string(minimum), "got " + std::to_string(v));
  return static_cast<size_t>(v);
}

}  // namespace

models::TsSpec read_ts_spec(const po::variables_map& vm, models::TsSource source, bool classify, uint64_t seed) {
  models::TsSpec spec;
  if (classify && source.synthetic)
    throw UsageError("--task", "classification needs a CSV file with a label column",
                     "use --csv FILE --task classify --label COLUMN --features a,b");
  if (classify) {
    source.csv_options.target = vm["label"].as<std::string>();
    source.csv_options.label = true;
  }
  if (vm.count("group")) source.csv_options.group = vm["group"].as<std::string>();
  if (!source.csv_options.time.empty() && !source.csv_options.group.empty())
    throw UsageError("--time-column", "cannot be combined with --group: the rows of different groups interleave",
                     "leave --time-column out when classifying groups");
  if (vm.count("calendar")) {
    if (source.csv_options.time.empty())
      throw UsageError("--calendar", "needs the times of the rows", "name the CSV column of dates with --time-column NAME");
    source.calendar = data::parse_calendar(vm["calendar"].as<std::string>());
  }
  if (vm.count("quantiles")) {
    if (classify) throw UsageError("--quantiles", "are for regression", "leave --quantiles out with --task classify");
    spec.quantiles = parse_quantiles(vm["quantiles"].as<std::string>());
  }
  spec.source = std::move(source);
  spec.val_frac = vm["val-frac"].as<double>();
  spec.scale = data::parse_scale_kind(vm["scale"].as<std::string>());
  if (spec.source.is_sequences()) {
    const std::string name = data::synthetic_name(spec.source.synthetic->kind);
    for (const char* option : {"window", "horizon", "output-steps", "return-sequences", "scale", "quantiles"})
      if (given(vm, option))
        throw UsageError(std::string("--") + option,
                         name + " is a dataset of whole sequences: they are not cut into windows or scaled",
                         "set their length with --length; leave --" + std::string(option) + " out");
    spec.scale = data::ScaleKind::none;
    return spec;
  }
  if (spec.grouped()) {
    for (const char* option : {"horizon", "output-steps", "return-sequences"})
      if (given(vm, option))
        throw UsageError(std::string("--") + option, "does not apply to --group: each group is one sequence with one label",
                         "leave --" + std::string(option) + " out");
    // Groups are read whole unless --window caps them.
    spec.window = {given(vm, "window") ? at_least(vm, "window", 1) : 0, 0, false};
    spec.split_seed = seed;
    return spec;
  }
  spec.window.length = at_least(vm, "window", 1);
  spec.window.horizon = vm.count("horizon") ? at_least(vm, "horizon", 0) : (classify ? 0 : 1);
  spec.window.return_sequences = vm["return-sequences"].as<bool>();
  spec.window.steps = vm.count("output-steps") ? at_least(vm, "output-steps", 1) : 1;
  if (spec.window.steps > 1 && (classify || spec.window.return_sequences))
    throw UsageError("--output-steps", classify ? "a classifier predicts one label" : "cannot be combined with --return-sequences",
                     "a multi-step head predicts the next values of a regression target after the window");
  return spec;
}

void declare_ts_transform_options(po::options_description& o) {
  add_options(o, OptionGroup::data)
      ("log", po::bool_switch(), "target transform: model the logarithm of the target (its values must be > 0); a growing seasonality becomes additive")
      ("sqrt", po::bool_switch(), "target transform: model the square root of the target (its values must be >= 0), e.g. for counts, whose spread grows with their level; not with --log")
      ("detrend", po::value<std::string>(), "target transform: linear (remove a straight line fitted to the training part)")
      ("difference", po::value<std::vector<long long>>()->composing(),
       "target transform: model x[t] - x[t-LAG] (1: first differences, 12: monthly seasonal ones); give it again to difference twice, e.g. --difference 1 --difference 12. "
       "Order: log or sqrt, detrend, difference, then --scale; forecasts are turned back into the data's units");
}

data::TransformOptions read_ts_transform(const po::variables_map& vm) {
  data::TransformOptions t;
  t.log = vm["log"].as<bool>();
  t.sqrt = vm["sqrt"].as<bool>();
  if (t.log && t.sqrt)
    throw UsageError("--sqrt", "cannot be combined with --log", "choose one: --log for positive values, --sqrt for counts");
  if (vm.count("detrend")) {
    const std::string kind = vm["detrend"].as<std::string>();
    if (kind != "linear") throw UsageError("--detrend", "unknown trend '" + text::printable(kind) + "'", "use --detrend linear");
    t.detrend = true;
  }
  if (vm.count("difference"))
    for (long long lag : vm["difference"].as<std::vector<long long>>()) t.lags.push_back(static_cast<size_t>(lag));
  return t;
}

models::TsSource model_data_source(const po::variables_map& vm, const models::TsSpec& model_spec,
                                   const std::string& command) {
  models::TsSource base = model_spec.source;
  if (vm.count("csv") && base.synthetic) {
    base = {};
    base.csv_options.target = model_spec.targets.front();
    base.csv_options.features = model_spec.features;
  }
  const bool in_memory = base.memory.has_value();
  if (!base.synthetic) {
    base.csv.clear();
    base.memory.reset();
  }
  std::optional<uint64_t> seed;
  if (vm.count("seed")) seed = vm["seed"].as<unsigned long long>();
  models::TsSource source = *read_ts_source(vm, base, seed);
  if (!source.synthetic && source.csv.empty())
    throw UsageError("--csv", "missing: the model was trained on " + std::string(in_memory ? "in-memory arrays" : "a CSV file") +
                                  ", and " + command + " reads only the data you name",
                     "pass --csv FILE, a file with the model's columns");
  return source;
}

size_t count_option(const po::variables_map& vm, const char* name, long long minimum) {
  const long long v = vm[name].as<long long>();
  if (v < minimum)
    throw UsageError(std::string("--") + name, "must be at least " + std::to_string(minimum), "got " + std::to_string(v));
  return static_cast<size_t>(v);
}

}  // namespace lstmkit::cli
