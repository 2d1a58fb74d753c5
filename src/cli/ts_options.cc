#include "ts_options.h"

#include "lstmkit/error.h"

namespace lstmkit::cli {

void declare_ts_source_options(po::options_description& o) {
  o.add_options()
      ("csv", po::value<std::string>(), "CSV file of numeric columns, oldest row first")
      ("target", po::value<std::string>(), "CSV column to predict, by header name or 0-based index (default: the last)")
      ("features", po::value<std::string>(), "CSV input columns a,b,c (default: the target alone)")
      ("no-header", po::bool_switch(), "the CSV has no header line (columns: value, or column0, column1, ...)")
      ("fill", po::value<std::string>(), "missing or non-numeric CSV values: none (an error), ffill or drop")
      ("synthetic", po::value<std::string>(),
       "generated data: sine, sincos, damped, noisy-sine, linear, cumsum or adding")
      ("length", po::value<long long>(), "rows of a synthetic series, or steps per sequence (cumsum, adding)")
      ("noise", po::value<double>(), "noise standard deviation of noisy-sine (default 0.1)")
      ("sequences", po::value<long long>(), "sequences of cumsum and adding (default 10000)");
}

bool csv_options_given(const po::variables_map& vm) {
  return vm.count("csv") || vm.count("target") || vm.count("features") || vm["no-header"].as<bool>() ||
         vm.count("fill");
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
  if (s.csv.empty())
    throw UsageError("--csv", "missing", "CSV options (--target, --features, --no-header, --fill) need --csv FILE");
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

}  // namespace lstmkit::cli
