#pragma once
// The translator scoring job. With a model: the teacher-forced loss over every pair, then each distinct
// source translated once and scored against all its references (infer/translation_scores.h: corpus
// BLEU, chrF, exact match, sacreBLEU's multi-reference rules). With hypotheses instead of a model:
// another program's translations of the same sources, scored by the same code.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/infer/translation_scores.h"
#include "lstmkit/jobs/pairs_input.h"
#include "lstmkit/jobs/translate.h"
#include "lstmkit/nn/loss.h"

namespace lstmkit::jobs {

struct TranslationEvalConfig {
  PairsInput pairs;                                          // source<TAB>reference lines
  text::InvalidUtf8 on_invalid = text::InvalidUtf8::error;  // of the pairs (the hypotheses are the caller's)
  TranslateConfig decoding;                                  // a model's; n_best and alignments unused
};

struct TranslationEvaluation {
  size_t pairs = 0;
  infer::TranslationScores scores;
  // A model's only (none for hypotheses):
  std::optional<nn::CrossEntropy> loss;  // per target token, </s> included
  std::string unit;                      // "char" or "token": what the loss is per
  std::optional<TranslateConfig> decoding;
  size_t unknown = 0;                    // source tokens outside the model's vocabulary, read as <unk>
  std::vector<std::string> unknown_examples;
};

// Scores `model` on the pairs. Throws lstmkit::UsageError naming a decoding field, lstmkit::Error for
// pairs that cannot be read, and jobs::Interrupted between batches after train::request_interrupt()
// (jobs/interrupted.h).
TranslationEvaluation evaluate_translations(models::Seq2Seq& model, const TranslationEvalConfig& config);

// Scores `hypotheses`: one per distinct source of the pairs, in the order the sources first appear,
// compared as written. Throws lstmkit::Error at `hypotheses_name` when the count differs.
TranslationEvaluation evaluate_translations(const std::vector<std::string>& hypotheses,
                                            const std::string& hypotheses_name, const TranslationEvalConfig& config);

// `eval --json`'s object: sources, references, bleu {score, precisions, brevity_penalty, hyp_len,
// ref_len}, chrf, exact_match {count, of}, pairs; for a model also targets, unit, loss, perplexity and
// decoding {beam, alpha, max_len, max_len_ratio, max_len_add}.
std::string evaluation_json(const TranslationEvaluation& evaluation);

}  // namespace lstmkit::jobs
