// `lstmkit sample`: text from a trained language model, streamed to stdout as it is drawn.
#include <iostream>
#include <random>

#include "command.h"
#include "option_groups.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/jobs/interrupted.h"
#include "lstmkit/jobs/sample.h"
#include "lstmkit/train/interrupt.h"
#include "precision_options.h"
#include "standard_output.h"
#include "training_options.h"

namespace lstmkit::cli {

namespace {

void declare(po::options_description& o) {
  add_options(o, OptionGroup::model)
      ("model", po::value<std::string>(), "language model checkpoint (model.safetensors)", Need::required);
  o.add_options()
      ("prime", po::value<std::string>()->default_value(""), "text to start from (printed first)")
      ("length", po::value<long long>()->default_value(500), "tokens to generate")
      ("temperature", po::value<double>()->default_value(1.0), "below 1 sharper, above 1 more random")
      ("top-k", po::value<long long>()->default_value(0), "draw only from the k most likely tokens (0: all)")
      ("top-p", po::value<double>()->default_value(1.0), "draw only from the most likely tokens holding this probability (1: all)")
      ("greedy", po::bool_switch(), "always take the most likely token")
      ("seed", po::value<unsigned long long>(), "random seed (default: a fresh one each run)")
      ("count", po::value<long long>()->default_value(1), "independent samples, separated by a blank line")
      ("allow-unk", po::bool_switch(), "map prime tokens outside the vocabulary to <unk> instead of failing")
      ("threads", po::value<int>()->default_value(0), "threads for the math (0: all cores)");
  declare_precision_option(o);
}

int run(const po::variables_map& vm) {
  if (!vm.count("model"))
    throw UsageError("sample", "missing --model", "give a trained model, e.g. --model runs/lm/model.safetensors");
  jobs::SampleConfig config;
  config.sampling.greedy = vm["greedy"].as<bool>();
  config.sampling.temperature = vm["temperature"].as<double>();
  config.sampling.top_k = vm["top-k"].as<long long>();
  config.sampling.top_p = vm["top-p"].as<double>();
  config.length = vm["length"].as<long long>();
  config.count = vm["count"].as<long long>();
  config.prime = vm["prime"].as<std::string>();
  config.allow_unk = vm["allow-unk"].as<bool>();
  jobs::validate(config);
  config.seed = vm.count("seed") ? vm["seed"].as<unsigned long long>() : std::random_device{}();
  // A drawn seed is the only way to get the same text again.
  if (!vm.count("seed") && !config.sampling.greedy)
    std::cerr << "lstmkit: seed " << config.seed << " (--seed " << config.seed << " draws the same text again)\n";
  apply_threads(vm);
  const nn::Precision precision = read_precision(vm);

  auto model = models::LanguageModel::load(vm["model"].as<std::string>(), precision);
  note_precision(vm, precision);
  const jobs::SampleSink sink{[](int64_t index) {
                                if (index == 0) return;
                                flush_stdout();  // stop after the first sample nobody can read
                                std::cout << "\n\n";
                              },
                              [](const std::string& text) { std::cout << text << std::flush; }};
  train::catch_interrupts();  // Ctrl-C stops after the token being drawn: exit 130, the text printed kept
  try {
    jobs::sample(*model, config, sink);
  } catch (const jobs::Interrupted&) {
    std::cout << "\n";  // the text ends its line as a whole sample does, and Ctrl-C's line starts its own
    throw;
  }
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

Command sample_command() {
  return Command{"sample", "generate text from a trained language model", declare, run, "", 0, ""};
}

}  // namespace lstmkit::cli
