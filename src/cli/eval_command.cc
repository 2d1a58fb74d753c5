// `lstmkit eval`: a trained model's loss on held-out data. For a language model: nats per token, bits
// per token (bits per character at char level) and perplexity over a text read as one sequence. For a
// sequence-to-sequence model: eval_s2s() in translate_command.cc.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "command.h"
#include "option_groups.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/infer/lm_evaluation.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/text/corpus.h"
#include "precision_options.h"
#include "standard_output.h"
#include "training_options.h"

namespace lstmkit::cli {

namespace {

void declare(po::options_description& o) {
  add_options(o, OptionGroup::model)("model", po::value<std::string>(), "trained model (model.safetensors)", Need::required);
  add_options(o, OptionGroup::data)
      ("text", po::value<std::string>(), "language model: UTF-8 text to score (-: stdin)")
      ("pairs", po::value<std::string>(), "sequence-to-sequence model: TSV pairs (source<TAB>target) to score and translate");
  o.add_options()
      ("on-invalid", po::value<std::string>()->default_value("error"), "invalid UTF-8: error, or replace with U+FFFD")
      ("threads", po::value<int>()->default_value(0), "threads for the math (0: all cores)");
  declare_decode_options(o);
  declare_json_option(o);
  declare_precision_option(o);
}

int eval_lm(const po::variables_map& vm, const std::string& model_path) {
  if (!vm.count("text"))
    throw UsageError("eval", "missing --text", "a language model is scored on a text file: --text FILE");
  const nn::Precision precision = read_precision(vm);
  auto model = models::LanguageModel::load(model_path, precision);
  text::TextOptions options;
  options.unit = model->vocab().unit();
  options.normalize = model->vocab().normalization();
  options.on_invalid = text::parse_invalid_utf8(vm["on-invalid"].as<std::string>());
  const std::string path = input_name(vm["text"].as<std::string>());
  const text::Corpus corpus = read_corpus_argument(vm["text"].as<std::string>(), options);
  if (corpus.tokens.size() < 2)
    throw Error(path, corpus.tokens.empty() ? "the file is empty" : "holds a single token",
                "a loss needs at least two tokens: give a longer text");
  const std::vector<int> ids = model->vocab().encode(corpus.tokens);
  const auto unknown = std::count(ids.begin(), ids.end(), text::kUnkId);
  if (unknown > 0)
    std::cerr << "lstmkit: warning: " << unknown << " tokens of " << path
              << " are not in the model's vocabulary and count as <unk>\n";
  note_precision(vm, precision);
  const infer::LmScore score = infer::evaluate_stream(*model, ids);
  const bool chars = model->vocab().unit() == text::Unit::grapheme;
  if (json_requested(vm)) {
    std::cout << nlohmann::json{{"tokens", score.tokens + 1}, {"unit", chars ? "char" : "token"},
                                {"loss", score.nats}, {"bits", score.bits()}, {"perplexity", score.perplexity()}}
                     .dump()
              << "\n";
    return kExitOk;
  }
  std::printf("tokens      %lld\n", static_cast<long long>(score.tokens + 1));
  std::printf("loss        %.4f nats/%s\n", score.nats, chars ? "char" : "token");
  std::printf("%s %.4f\n", chars ? "bits/char  " : "bits/token ", score.bits());
  std::printf("perplexity  %.3f\n", score.perplexity());
  return kExitOk;
}

int run(const po::variables_map& vm) {
  if (!vm.count("model"))
    throw UsageError("eval", "missing --model", "give a trained model, e.g. --model runs/lm/model.safetensors");
  if (vm.count("text") && vm.count("pairs"))
    throw UsageError("eval", "--text and --pairs cannot be combined",
                     "--text scores a language model, --pairs a sequence-to-sequence model: give the one for --model");
  apply_threads(vm);
  const std::string path = vm["model"].as<std::string>();
  const io::Metadata meta = io::Checkpoint::read_metadata(path);
  const auto kind = meta.find("kind");
  if (kind != meta.end() && kind->second == "lm") return eval_lm(vm, path);
  if (kind != meta.end() && kind->second == "s2s") return eval_s2s(vm, path);
  throw Error(path, "is a '" + (kind == meta.end() ? std::string("unknown") : kind->second) +
                        "' model, which `lstmkit eval` cannot score yet",
              "eval scores language models (kind 'lm') and sequence-to-sequence models (kind 's2s')");
}

}  // namespace

Command eval_command() {
  return Command{"eval", "score a trained model on held-out data", declare, run, "", 0, ""};
}

}  // namespace lstmkit::cli
