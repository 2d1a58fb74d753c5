#include "lstmkit/jobs/evaluate_translations.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "lstmkit/data/pair_split.h"
#include "lstmkit/error.h"
#include "lstmkit/format.h"
#include "lstmkit/jobs/interrupted.h"
#include "lstmkit/models/s2s_task.h"

namespace lstmkit::jobs {

namespace {

std::vector<size_t> every_index(size_t n) {
  std::vector<size_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

data::PairsFile read_pairs(const TranslationEvalConfig& c) {
  data::PairsReadOptions read;
  read.on_invalid = c.on_invalid;
  return read_pairs_input(c.pairs, read, "pairs");
}

}  // namespace

TranslationEvaluation evaluate_translations(models::Seq2Seq& model, const TranslationEvalConfig& c) {
  TranslateConfig decoding = c.decoding;
  decoding.n_best = 1;
  decoding.alignments = false;
  validate(model, decoding);
  const text::Vocab& sv = model.source_vocab();
  const text::Vocab& tv = model.target_vocab();
  data::PairsFile file = read_pairs(c);
  // The model writes text in its vocabulary's normalisation: the references are compared in the same.
  for (data::TextPair& p : file.pairs) p.target = text::normalize(p.target, tv.normalization());

  // Teacher-forced loss per target token (</s> included) over every pair, batched like training.
  std::vector<std::string> sources, references;
  for (const data::TextPair& p : file.pairs) {
    sources.push_back(p.source);
    references.push_back(p.target);
  }
  const infer::EncodedLines encoded = infer::encode_lines(sv, sources);
  const infer::EncodedLines targets = infer::encode_lines(tv, references);
  std::vector<data::IdPair> pairs;
  for (size_t i = 0; i < encoded.ids.size(); ++i) pairs.push_back({encoded.ids[i], targets.ids[i]});
  TranslationEvaluation e;
  e.pairs = file.pairs.size();
  e.unknown = encoded.unknown;
  e.unknown_examples = encoded.examples;
  e.unit = tv.unit() == text::Unit::grapheme ? "char" : "token";
  e.decoding = decoding;
  e.loss = models::evaluate_pairs(model, data::S2sBatches(std::move(pairs), static_cast<size_t>(decoding.batch)), stop_if_interrupted);

  // Each distinct source decoded once, then scored on the detokenised text against all its references.
  const std::vector<data::SourceReferences> grouped = data::references_by_source(file.pairs, every_index(file.pairs.size()));
  std::vector<std::string> distinct;
  for (const data::SourceReferences& g : grouped) distinct.push_back(g.source);
  const Translations translations = translate(model, distinct, decoding);
  std::vector<std::string> hypotheses;
  for (const auto& line : translations.lines) hypotheses.push_back(line.front().text);
  e.scores = infer::score_translations(hypotheses, grouped);
  return e;
}

TranslationEvaluation evaluate_translations(const std::vector<std::string>& hypotheses,
                                            const std::string& hypotheses_name, const TranslationEvalConfig& c) {
  const data::PairsFile file = read_pairs(c);
  const std::vector<data::SourceReferences> grouped = data::references_by_source(file.pairs, every_index(file.pairs.size()));
  if (hypotheses.size() != grouped.size())
    throw Error(hypotheses_name,
                "has " + with_commas(hypotheses.size()) + " lines for the " + with_commas(grouped.size()) +
                    " distinct source sentences of " + c.pairs.name(),
                "write one translation per distinct source, in the order the sources first appear");
  TranslationEvaluation e;
  e.pairs = file.pairs.size();
  e.scores = infer::score_translations(hypotheses, grouped);
  return e;
}

std::string evaluation_json(const TranslationEvaluation& e) {
  const infer::TranslationScores& s = e.scores;
  const auto& p = s.bleu.precisions;
  nlohmann::json j = {{"sources", s.sources},
                      {"references", s.references},
                      {"bleu", {{"score", s.bleu.score}, {"precisions", {p[0], p[1], p[2], p[3]}},
                                {"brevity_penalty", s.bleu.brevity_penalty}, {"hyp_len", s.bleu.hyp_len},
                                {"ref_len", s.bleu.ref_len}}},
                      {"chrf", s.chrf},
                      {"exact_match", {{"count", s.exact}, {"of", s.sources}}},
                      {"pairs", e.pairs}};
  if (e.loss) {
    const TranslateConfig& d = *e.decoding;
    j.update({{"targets", e.loss->count},
              {"unit", e.unit},
              {"loss", e.loss->loss},
              {"perplexity", std::exp(e.loss->loss)},
              {"decoding", {{"beam", d.beam}, {"alpha", d.alpha}, {"max_len", d.max_len},
                            {"max_len_ratio", d.max_len_ratio}, {"max_len_add", d.max_len_add}}}});
  }
  return j.dump();
}

}  // namespace lstmkit::jobs
