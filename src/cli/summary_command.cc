// `lstmkit summary`: layers, output shapes and parameter counts of a model described by options.
#include <iostream>
#include <nlohmann/json.hpp>

#include "command.h"
#include "option_groups.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/jobs/summary.h"
#include "standard_output.h"

namespace lstmkit::cli {

namespace {

const jobs::StackSummaryConfig kDefaults{};

void declare(po::options_description& o) {
  add_options(o, OptionGroup::model)
      ("model", po::value<std::string>(), "a checkpoint to describe (instead of the options below)")
      ("cell", po::value<std::string>()->default_value(nn::cell_name(kDefaults.cell)), "recurrent cell: lstm, gru or rnn")
      ("input", po::value<int>(), "input features per time step (I); for a language model, the vocabulary size")
      ("hidden", po::value<int>()->default_value(kDefaults.hidden), "hidden units per layer (H)")
      ("layers", po::value<int>()->default_value(kDefaults.layers), "stacked recurrent layers (L)")
      ("head", po::value<int>()->default_value(kDefaults.head), "outputs of the Dense head on top (0: no head)")
      ("return-sequences", po::bool_switch(), "the last recurrent layer returns every time step (Keras' return_sequences)");
  declare_json_option(o);
}

void print(const models::ModelSummary& summary, bool json) {
  if (!json) {
    std::cout << models::format_summary(summary);
    return;
  }
  nlohmann::json layers = nlohmann::json::array();
  for (const models::SummaryRow& r : summary.rows)
    layers.push_back({{"name", r.name}, {"type", r.type}, {"output_shape", r.output_shape},
                      {"keras_params", r.keras_params}, {"torch_params", r.torch_params}});
  std::cout << nlohmann::json{{"layers", layers}, {"keras_params", summary.keras_total()},
                              {"torch_params", summary.torch_total()}}.dump()
            << "\n";
}

int run(const po::variables_map& vm) {
  if (vm.count("model")) {
    print(jobs::summary(vm["model"].as<std::string>()), json_requested(vm));
    return kExitOk;
  }
  if (!vm.count("input"))
    throw UsageError("summary", "missing --input", "give --model FILE, or the input width, e.g. `lstmkit summary --input 1 --hidden 40`");
  jobs::StackSummaryConfig config;
  config.cell = nn::parse_cell(vm["cell"].as<std::string>());
  config.input = vm["input"].as<int>();
  config.hidden = vm["hidden"].as<int>();
  config.layers = vm["layers"].as<int>();
  config.head = vm["head"].as<int>();
  config.return_sequences = vm["return-sequences"].as<bool>();
  const models::ModelSummary summary = jobs::summary(config);
  print(summary, json_requested(vm));
  return kExitOk;
}

}  // namespace

Command summary_command() {
  return Command{"summary", "show a model's layers, output shapes and parameter counts (Keras' counts)",
                 declare, run, "", 0, ""};
}

}  // namespace lstmkit::cli
