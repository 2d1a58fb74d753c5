// `lstmkit eval`: a trained model's loss on held-out data. For a language model: nats per token, bits
// per token (bits per character at char level) and perplexity over a text read as one sequence. For a
// sequence-to-sequence model: the teacher-forced loss over every pair, then each distinct source
// translated once and scored against all its references (infer/translation_scores.h). `--hypotheses`
// scores another program's translations of the same pairs by the same code, without a model.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>

#include <nlohmann/json.hpp>

#include "command.h"
#include "option_names.h"
#include "option_groups.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/format.h"
#include "lstmkit/models/model_kind.h"
#include "lstmkit/jobs/evaluate_lm.h"
#include "lstmkit/jobs/evaluate_translations.h"
#include "lstmkit/text/line_reader.h"
#include "lstmkit/train/interrupt.h"
#include "precision_options.h"
#include "standard_output.h"
#include "training_options.h"

namespace lstmkit::cli {

namespace {

void declare(po::options_description& o) {
  add_options(o, OptionGroup::model)("model", po::value<std::string>(), "trained model (model.safetensors); required unless --hypotheses");
  add_options(o, OptionGroup::data)
      ("text", po::value<std::string>(), "language model: UTF-8 text to score (-: stdin)")
      ("pairs", po::value<std::string>(),
       "sequence-to-sequence model: TSV pairs (source<TAB>target) to score and translate; each distinct source is "
       "translated once and scored against all its translations (multi-reference BLEU: n-grams clipped to their "
       "most in any one reference, the closest reference length; chrF: the best-scoring reference)")
      ("hypotheses", po::value<std::string>(),
       "score this file's translations instead of a model's: one line per distinct source of --pairs, in the "
       "order the sources first appear (-: stdin)");
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
  jobs::LmEvalConfig config;
  const std::string& text = vm["text"].as<std::string>();
  if (text == "-") {
    config.input.text = read_stdin();
    config.input.text_name = input_name(text);
  } else {
    config.input.files = {text};
  }
  config.on_invalid = text::parse_invalid_utf8(vm["on-invalid"].as<std::string>());
  note_precision(vm, precision);
  train::catch_interrupts();  // the text is read: Ctrl-C stops the scoring between chunks, exit 130
  name_setting("input", "--text");
  const jobs::LmEvaluation e = jobs::evaluate_lm(*model, config);
  if (e.unknown > 0)
    std::cerr << "lstmkit: warning: " << e.unknown << " tokens of " << config.input.name()
              << " are not in the model's vocabulary and count as <unk>\n";
  if (json_requested(vm)) {
    std::cout << nlohmann::json{{"tokens", e.tokens}, {"unit", e.characters ? "char" : "token"},
                                {"loss", e.score.nats}, {"bits", e.score.bits()}, {"perplexity", e.score.perplexity()}}
                     .dump()
              << "\n";
    return kExitOk;
  }
  std::printf("tokens      %lld\n", static_cast<long long>(e.tokens));
  std::printf("loss        %.4f nats/%s\n", e.score.nats, e.characters ? "char" : "token");
  std::printf("%s %.4f\n", e.characters ? "bits/char  " : "bits/token ", e.score.bits());
  std::printf("perplexity  %.3f\n", e.score.perplexity());
  return kExitOk;
}

jobs::TranslationEvalConfig read_eval_config(const po::variables_map& vm) {
  jobs::TranslationEvalConfig config;
  config.pairs.file = vm["pairs"].as<std::string>();
  config.on_invalid = text::parse_invalid_utf8(vm["on-invalid"].as<std::string>());
  return config;
}

void print_scores(const infer::TranslationScores& s) {
  const auto& p = s.bleu.precisions;
  std::printf("sources      %s (%s references)\n", with_commas(s.sources).c_str(), with_commas(s.references).c_str());
  std::printf("BLEU         %.2f  (%.1f/%.1f/%.1f/%.1f, BP %.3f, %lld/%lld words, 13a, multi-reference)\n",
              s.bleu.score, p[0], p[1], p[2], p[3], s.bleu.brevity_penalty, static_cast<long long>(s.bleu.hyp_len),
              static_cast<long long>(s.bleu.ref_len));
  std::printf("chrF         %.2f\n", s.chrf);
  std::printf("exact match  %.2f%%  (%s of %s)\n",
              s.sources > 0 ? 100.0 * static_cast<double>(s.exact) / static_cast<double>(s.sources) : 0.0,
              with_commas(s.exact).c_str(), with_commas(s.sources).c_str());
}

int eval_pairs(const po::variables_map& vm, const std::string& model_path) {
  if (!vm.count("pairs"))
    throw UsageError("eval", "missing --pairs", "a sequence-to-sequence model is scored on TSV pairs: --pairs FILE");
  jobs::TranslationEvalConfig config = read_eval_config(vm);
  config.decoding = read_decode_options(vm);
  const nn::Precision precision = read_precision(vm);
  auto model = models::Seq2Seq::load(model_path, precision);
  note_precision(vm, precision);
  train::catch_interrupts();  // Ctrl-C stops the scoring between batches, exit 130
  const jobs::TranslationEvaluation e = jobs::evaluate_translations(*model, config);
  report_unknown(e.unknown, e.unknown_examples, "source");
  if (json_requested(vm)) {
    std::cout << jobs::evaluation_json(e) << "\n";
    return kExitOk;
  }
  const char* unit = e.unit.c_str();
  std::printf("pairs        %s\n", with_commas(e.pairs).c_str());
  std::printf("targets      %s %ss (</s> included)\n", with_commas(static_cast<uint64_t>(e.loss->count)).c_str(), unit);
  std::printf("loss         %.4f nats/%s\n", e.loss->loss, unit);
  std::printf("perplexity   %.3f\n", std::exp(e.loss->loss));
  char search[64];
  if (config.decoding.beam == 1) std::snprintf(search, sizeof search, "greedy");
  else std::snprintf(search, sizeof search, "beam %d, alpha %.2f", config.decoding.beam, config.decoding.alpha);
  std::printf("decoding     %s, max-len %s\n", search, jobs::max_len_rule(config.decoding).c_str());
  print_scores(e.scores);
  return kExitOk;
}

// `--hypotheses FILE --pairs FILE`: another program's translations, scored exactly as a model's are.
// Both sides are compared as written (no normalisation).
int eval_hypotheses(const po::variables_map& vm) {
  for (const char* name : {"model", "text"})
    if (vm.count(name))
      throw UsageError("--hypotheses", std::string("cannot be combined with --") + name,
                       "--hypotheses scores a file of translations against --pairs, without a model");
  if (!vm.count("pairs"))
    throw UsageError("--hypotheses", "needs --pairs", "give the TSV pairs the translations are of: --pairs FILE");
  const jobs::TranslationEvalConfig config = read_eval_config(vm);
  const std::string& path = vm["hypotheses"].as<std::string>();
  const auto on_invalid = text::parse_invalid_utf8(vm["on-invalid"].as<std::string>());
  const auto reader = path == "-" ? std::make_unique<text::LineReader>(on_invalid)
                                  : std::make_unique<text::LineReader>(path, on_invalid);
  std::vector<std::string> hypotheses;
  for (std::vector<std::string> lines; !(lines = reader->next(4096)).empty();)
    hypotheses.insert(hypotheses.end(), std::make_move_iterator(lines.begin()), std::make_move_iterator(lines.end()));
  const jobs::TranslationEvaluation e = jobs::evaluate_translations(hypotheses, input_name(path), config);
  if (json_requested(vm)) {
    std::cout << jobs::evaluation_json(e) << "\n";
    return kExitOk;
  }
  std::printf("pairs        %s\n", with_commas(e.pairs).c_str());
  print_scores(e.scores);
  return kExitOk;
}

int run(const po::variables_map& vm) {
  if (vm.count("hypotheses")) return eval_hypotheses(vm);
  if (!vm.count("model"))
    throw UsageError("eval", "missing --model", "give a trained model, e.g. --model runs/lm/model.safetensors");
  if (vm.count("text") && vm.count("pairs"))
    throw UsageError("eval", "--text and --pairs cannot be combined",
                     "--text scores a language model, --pairs a sequence-to-sequence model: give the one for --model");
  apply_threads(vm);
  const std::string path = vm["model"].as<std::string>();
  switch (models::read_model_kind(path)) {
    case models::ModelKind::lm: return eval_lm(vm, path);
    case models::ModelKind::s2s: return eval_pairs(vm, path);
    case models::ModelKind::ts: break;
  }
  throw Error(path, "is a " + models::kind_description(models::ModelKind::ts) + " (kind 'ts'), which `lstmkit eval` cannot score",
              "eval scores language models and sequence-to-sequence models; score a time-series model with "
              "`lstmkit forecast` or `lstmkit backtest`");
}

}  // namespace

Command eval_command() {
  return Command{"eval", "score a trained model on held-out data", declare, run, "", 0, ""};
}

}  // namespace lstmkit::cli
