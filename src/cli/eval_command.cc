// `lstmkit eval`: a trained model's loss on held-out data. For a language model: nats per token, bits
// per token (bits per character at char level) and perplexity over a text read as one sequence. For a
// sequence-to-sequence model: the teacher-forced loss over every pair, then each distinct source
// translated once and scored against all its references (infer/translation_scores.h). `--hypotheses`
// scores another program's translations of the same pairs by the same code, without a model.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>

#include <nlohmann/json.hpp>

#include "command.h"
#include "option_groups.h"
#include "exit_codes.h"
#include "lstmkit/data/pair_split.h"
#include "lstmkit/data/pairs.h"
#include "lstmkit/error.h"
#include "lstmkit/format.h"
#include "lstmkit/infer/lm_evaluation.h"
#include "lstmkit/infer/translation_scores.h"
#include "lstmkit/infer/translator.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/models/s2s_task.h"
#include "lstmkit/text/corpus.h"
#include "lstmkit/text/line_reader.h"
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

data::PairsFile read_pairs_option(const po::variables_map& vm) {
  data::PairsReadOptions read;
  read.on_invalid = text::parse_invalid_utf8(vm["on-invalid"].as<std::string>());
  return data::read_pairs(vm["pairs"].as<std::string>(), read);
}

std::vector<size_t> every_index(size_t n) {
  std::vector<size_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

nlohmann::json scores_json(const infer::TranslationScores& s) {
  const auto& p = s.bleu.precisions;
  return {{"sources", s.sources},
          {"references", s.references},
          {"bleu", {{"score", s.bleu.score}, {"precisions", {p[0], p[1], p[2], p[3]}},
                    {"brevity_penalty", s.bleu.brevity_penalty}, {"hyp_len", s.bleu.hyp_len},
                    {"ref_len", s.bleu.ref_len}}},
          {"chrf", s.chrf},
          {"exact_match", {{"count", s.exact}, {"of", s.sources}}}};
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
  const infer::TranslateOptions options = read_decode_options(vm);
  const nn::Precision precision = read_precision(vm);
  auto model = models::Seq2Seq::load(model_path, precision);
  const text::Vocab& sv = model->source_vocab();
  const text::Vocab& tv = model->target_vocab();
  data::PairsFile file = read_pairs_option(vm);
  // The model writes text in its vocabulary's normalisation: the references are compared in the same.
  for (data::TextPair& p : file.pairs) p.target = text::normalize(p.target, tv.normalization());

  // Teacher-forced loss per target token (</s> included) over every pair, batched like training.
  std::vector<std::string> sources, references;
  for (const data::TextPair& p : file.pairs) {
    sources.push_back(p.source);
    references.push_back(p.target);
  }
  const infer::EncodedLines encoded = infer::encode_lines(sv, sources);
  report_unknown(encoded, "source");
  const infer::EncodedLines targets = infer::encode_lines(tv, references);
  std::vector<data::IdPair> pairs;
  for (size_t i = 0; i < encoded.ids.size(); ++i) pairs.push_back({encoded.ids[i], targets.ids[i]});
  note_precision(vm, precision);
  const nn::CrossEntropy ce =
      models::evaluate_pairs(*model, data::S2sBatches(std::move(pairs), static_cast<size_t>(options.batch)));

  // Each distinct source decoded once, then scored on the detokenised text against all its references.
  const std::vector<data::SourceReferences> grouped =
      data::references_by_source(file.pairs, every_index(file.pairs.size()));
  std::vector<std::string> distinct;
  for (const data::SourceReferences& g : grouped) distinct.push_back(g.source);
  const auto translations = infer::translate(*model, infer::encode_lines(sv, distinct).ids, options);
  std::vector<std::string> hypotheses;
  for (const auto& t : translations) hypotheses.push_back(t.empty() ? "" : tv.decode(t.front().tokens));
  const infer::TranslationScores scores = infer::score_translations(hypotheses, grouped);
  const char* unit = tv.unit() == text::Unit::grapheme ? "char" : "token";
  if (json_requested(vm)) {
    nlohmann::json j = scores_json(scores);
    j.update({{"pairs", file.pairs.size()},
              {"targets", ce.count},
              {"unit", unit},
              {"loss", ce.loss},
              {"perplexity", std::exp(ce.loss)},
              {"decoding", {{"beam", options.beam}, {"alpha", options.alpha}, {"max_len", options.max_len}}}});
    std::cout << j.dump() << "\n";
    return kExitOk;
  }
  std::printf("pairs        %s\n", with_commas(file.pairs.size()).c_str());
  std::printf("targets      %s %ss (</s> included)\n", with_commas(static_cast<uint64_t>(ce.count)).c_str(), unit);
  std::printf("loss         %.4f nats/%s\n", ce.loss, unit);
  std::printf("perplexity   %.3f\n", std::exp(ce.loss));
  char search[64];
  if (options.beam == 1) std::snprintf(search, sizeof search, "greedy");
  else std::snprintf(search, sizeof search, "beam %d, alpha %.2f", options.beam, options.alpha);
  std::printf("decoding     %s, max-len %s\n", search,
              options.max_len > 0 ? std::to_string(options.max_len).c_str() : "3 x source + 10");
  print_scores(scores);
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
  const data::PairsFile file = read_pairs_option(vm);
  const std::vector<data::SourceReferences> grouped =
      data::references_by_source(file.pairs, every_index(file.pairs.size()));
  const std::string& path = vm["hypotheses"].as<std::string>();
  const auto on_invalid = text::parse_invalid_utf8(vm["on-invalid"].as<std::string>());
  const auto reader = path == "-" ? std::make_unique<text::LineReader>(on_invalid)
                                  : std::make_unique<text::LineReader>(path, on_invalid);
  std::vector<std::string> hypotheses;
  for (std::vector<std::string> lines; !(lines = reader->next(4096)).empty();)
    hypotheses.insert(hypotheses.end(), std::make_move_iterator(lines.begin()), std::make_move_iterator(lines.end()));
  if (hypotheses.size() != grouped.size())
    throw Error(input_name(path),
                "has " + with_commas(hypotheses.size()) + " lines for the " + with_commas(grouped.size()) +
                    " distinct source sentences of " + vm["pairs"].as<std::string>(),
                "write one translation per distinct source, in the order the sources first appear");
  const infer::TranslationScores scores = infer::score_translations(hypotheses, grouped);
  if (json_requested(vm)) {
    nlohmann::json j = scores_json(scores);
    j["pairs"] = file.pairs.size();
    std::cout << j.dump() << "\n";
    return kExitOk;
  }
  std::printf("pairs        %s\n", with_commas(file.pairs.size()).c_str());
  print_scores(scores);
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
  const io::Metadata meta = io::Checkpoint::read_metadata(path);
  const auto kind = meta.find("kind");
  if (kind != meta.end() && kind->second == "lm") return eval_lm(vm, path);
  if (kind != meta.end() && kind->second == "s2s") return eval_pairs(vm, path);
  throw Error(path, "is a '" + (kind == meta.end() ? std::string("unknown") : kind->second) +
                        "' model, which `lstmkit eval` cannot score yet",
              "eval scores language models (kind 'lm') and sequence-to-sequence models (kind 's2s')");
}

}  // namespace

Command eval_command() {
  return Command{"eval", "score a trained model on held-out data", declare, run, "", 0, ""};
}

}  // namespace lstmkit::cli
