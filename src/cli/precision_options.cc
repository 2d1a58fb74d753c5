#include "precision_options.h"

#include <iostream>

#include "option_groups.h"

namespace lstmkit::cli {

void declare_precision_option(po::options_description& o) {
  add_options(o, OptionGroup::general)("precision", po::value<std::string>()->default_value("f32"),
                  "recurrent math: f32, bf16 (CPUs with AVX512-BF16 or AMX), or auto (bf16 where native)");
}

nn::Precision read_precision(const po::variables_map& vm) {
  return nn::resolve_precision(nn::parse_precision(vm["precision"].as<std::string>()));
}

std::string precision_line(nn::Precision precision) {
  return "precision " + nn::precision_name(precision) + " (oneDNN ISA " + nn::cpu_isa_name() + ")";
}

void note_precision(const po::variables_map& vm, nn::Precision precision) {
  if (!vm["precision"].defaulted()) std::cerr << "lstmkit: " << precision_line(precision) << "\n";
}

}  // namespace lstmkit::cli
