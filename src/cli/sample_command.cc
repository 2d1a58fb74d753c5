// `lstmkit sample`: text from a trained language model, streamed to stdout as it is drawn.
#include <iostream>
#include <random>

#include "command.h"
#include "option_groups.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/infer/lm_generator.h"
#include "lstmkit/text/utf8_reader.h"
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

std::string quoted_list(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) out += (out.empty() ? "'" : ", '") + t + "'";
  return out;
}

int run(const po::variables_map& vm) {
  if (!vm.count("model"))
    throw UsageError("sample", "missing --model", "give a trained model, e.g. --model runs/lm/model.safetensors");
  infer::SamplerOptions sampling;
  sampling.greedy = vm["greedy"].as<bool>();
  sampling.temperature = vm["temperature"].as<double>();
  sampling.top_k = vm["top-k"].as<long long>();
  sampling.top_p = vm["top-p"].as<double>();
  sampling.banned = {text::kPadId, text::kUnkId, text::kBosId, text::kEosId};
  infer::validate(sampling);
  const long long length = vm["length"].as<long long>();
  const long long count = vm["count"].as<long long>();
  if (length < 0) throw UsageError("--length", "must not be negative", "got " + std::to_string(length));
  if (count < 1) throw UsageError("--count", "must be at least 1", "got " + std::to_string(count));
  const std::string prime = vm["prime"].as<std::string>();
  if (const size_t bad = text::find_invalid_utf8(prime); bad != std::string::npos)
    throw UsageError("--prime", "is not valid UTF-8 (byte " + std::to_string(bad) + ")",
                     "give the text to start from in UTF-8");
  const uint64_t seed = vm.count("seed") ? vm["seed"].as<unsigned long long>() : std::random_device{}();
  // A drawn seed is the only way to get the same text again.
  if (!vm.count("seed") && !vm["greedy"].as<bool>())
    std::cerr << "lstmkit: seed " << seed << " (--seed " << seed << " draws the same text again)\n";
  apply_threads(vm);
  const nn::Precision precision = read_precision(vm);

  auto model = models::LanguageModel::load(vm["model"].as<std::string>(), precision);
  const infer::PrimeIds start = infer::prime_ids(model->vocab(), prime);
  if (!start.unknown.empty() && !vm["allow-unk"].as<bool>())
    throw Error("--prime", "tokens not in the model's vocabulary: " + quoted_list(start.unknown),
                "remove them, or pass --allow-unk to read them as <unk>");

  note_precision(vm, precision);
  infer::LmGenerator generator(*model, sampling);
  Rng rng(seed);
  for (long long i = 0; i < count; ++i) {
    if (i > 0) std::cout << "\n\n";
    std::cout << prime << std::flush;
    generator.generate(start.ids, length, rng, [](const std::string& token) { std::cout << token << std::flush; });
    flush_stdout();  // stop after the first sample nobody can read
  }
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

Command sample_command() {
  return Command{"sample", "generate text from a trained language model", declare, run, "", 0, ""};
}

}  // namespace lstmkit::cli
