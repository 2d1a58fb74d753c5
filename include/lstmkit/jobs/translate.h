#pragma once
// The translation job: lines of source text in, their translations out, greedy or beam search, sources
// of equal length decoded together `batch` at a time (a sentence translates the same alone or in a
// batch), optionally with n-best lists and the attention's hard alignments. The command-line program
// streams its input through it a chunk of lines at a time; the Python package passes its list whole.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lstmkit/infer/translator.h"
#include "lstmkit/models/seq2seq.h"

namespace lstmkit::jobs {

// beam, alpha, max_len (or max_len_ratio and max_len_add), n_best, batch, alignments.
using TranslateConfig = infer::TranslateOptions;

struct TranslatedText {
  std::string text;                 // detokenised
  double score = 0;                 // log p / length^alpha (beam search) or log p (greedy)
  std::vector<int32_t> alignment;   // per target token, the source token attended to most (alignments only)
};

struct Translations {
  std::vector<std::vector<TranslatedText>> lines;  // per input line its n_best translations, best first (≥ 1)
  size_t unknown = 0;                              // source tokens outside the model's vocabulary, read as <unk>
  std::vector<std::string> unknown_examples;       // the first few of them
};

// Throws lstmkit::UsageError naming the field (beam, n_best, alpha, max_len, batch, max_len_ratio,
// max_len_add), and lstmkit::Error at "alignments" for alignments from a model without attention.
void validate(const models::Seq2Seq& model, const TranslateConfig& config);

// Throws jobs::Interrupted between batches after train::request_interrupt() (jobs/interrupted.h).
Translations translate(models::Seq2Seq& model, const std::vector<std::string>& lines, const TranslateConfig& config);

// "S-t S-t …" as Marian and fast_align write hard alignments (0-based); an empty source attends to nothing.
std::string alignment_text(const std::vector<int32_t>& alignment);

// The length rule in words: "40", or "3 x source + 10".
std::string max_len_rule(const TranslateConfig& config);

}  // namespace lstmkit::jobs
