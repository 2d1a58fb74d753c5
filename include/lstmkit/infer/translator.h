#pragma once
// Translating many sentences: sources are grouped by exact length (the encoder has no lengths input, so
// only equal-length sources share a batch), each group decoded `batch` sentences at a time, greedily or
// with beam search, and the results put back in input order.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lstmkit/infer/beam_search.h"
#include "lstmkit/models/seq2seq.h"

namespace lstmkit::infer {

struct TranslateOptions {
  int beam = 1;        // 1: greedy decoding; K > 1: beam search with K hypotheses
  double alpha = 1.0;  // length normalisation of beam search scores: log_prob / length^alpha
  int max_len = 0;     // target tokens per translation; 0: relative to the source, as below
  int n_best = 1;      // hypotheses kept per sentence (≤ beam)
  int batch = 64;      // sentences decoded together
  double max_len_ratio = 3.0;  // with max_len 0: ⌈ratio · source length⌉ + max_len_add target tokens
  int max_len_add = 10;
  bool alignments = false;  // fill Hypothesis::alignment (a model with attention)
};

// Throws lstmkit::UsageError naming the setting (`beam`, `n_best`, `alpha`, `max_len`, `batch`,
// `max_len_ratio`, `max_len_add`).
void validate(const TranslateOptions& options);
// The length limit for a source of `source_length` tokens.
int max_target_length(const TranslateOptions& options, size_t source_length);

// Lines as source ids: tokenised the way the vocabulary's unit and normalisation say, tokens outside it
// read as <unk> and counted, so a caller can report them once.
struct EncodedLines {
  std::vector<std::vector<int32_t>> ids;  // [lines][T]
  size_t unknown = 0;                     // tokens read as <unk>
  std::vector<std::string> examples;      // the first few distinct unknown tokens
};
EncodedLines encode_lines(const text::Vocab& vocab, const std::vector<std::string>& lines);
// Adds the unknown-token count and examples of `more` to `total` (its ids are left alone): one report for
// input encoded a chunk at a time.
void add_unknown(EncodedLines& total, const EncodedLines& more);

// sources[i]: ids as written (possibly empty). Returns, per source, its n_best hypotheses, best first.
// Alignments need a model with attention (lstmkit::Error otherwise). `between_batches`, when given, runs
// after each batch: a caller that may be cancelled stops there by throwing (jobs/interrupted.h).
std::vector<std::vector<Hypothesis>> translate(models::Seq2Seq& model, const std::vector<std::vector<int32_t>>& sources,
                                               const TranslateOptions& options,
                                               const std::function<void()>& between_batches = {});

}  // namespace lstmkit::infer
