#pragma once
// Greedy decoding of a seq2seq model: at every step each sentence takes its most likely next token,
// until it produces </s> or reaches the length limit. Uses only the model's decoding contract —
// encode(source) → DecoderSession::start → step(previous tokens) → log-probs — never the RNN inside.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "lstmkit/models/seq2seq.h"

namespace lstmkit::infer {

struct Hypothesis {
  std::vector<int32_t> tokens;  // the translation's target ids, without <s> and </s>
  double log_prob = 0;          // Σ log p over the tokens, and over </s> when finished
  double score = 0;             // log_prob / length^alpha, length counting </s> when finished
  bool finished = false;        // ended with </s>; false when stopped by the length limit
  std::vector<int32_t> alignment;  // when asked: per token, the source position attended most (-1: none)
};

// Ids a decoder never emits: <pad> and <s>.
bool never_emitted(int32_t id);
// Length normalisation: log_prob / length^alpha (length 0 counts as 1).
double normalized_score(double log_prob, size_t length, double alpha);

// Room for a hypothesis' tokens (and alignment, when asked) up to max_len, so that decoding steps
// allocate nothing; beyond kReservedTokens (a limit can be a million tokens) they grow as they must.
inline constexpr int kReservedTokens = 1024;
void reserve_tokens(std::vector<int32_t>& tokens, std::vector<int32_t>& alignment, int max_len, bool alignments);

// Decodes N sources that all have T tokens (source [T, N], ids as written) with at most max_len target
// tokens each. Returns one hypothesis per source, in order, with its alignment when `alignments` (an
// attention model: DecoderSession::attended).
std::vector<Hypothesis> greedy_decode(models::Seq2Seq& model, int T, int N, const int32_t* source, int max_len,
                                      double alpha = 0.0, bool alignments = false);

}  // namespace lstmkit::infer
