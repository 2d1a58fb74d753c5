#pragma once
// Beam search for a seq2seq model with length normalisation, for N sentences at once (N·K decoder rows).
// Like greedy decoding it sees only the decoding contract: encode, start, step, and select to reorder
// the surviving hypotheses' states between steps (Marian's and fairseq's scheme).
//
// Each step, per sentence: the 2K best extensions (Σ log p) of its K live hypotheses are ranked; one
// ending in </s> among the first K is finished with score log_prob / length^alpha (length counts </s>);
// the best K others stay live. A sentence is done when it has K finished hypotheses; at the length
// limit its live hypotheses are taken as they are (unfinished). With K = 1 this is greedy decoding.
#include <cstdint>
#include <vector>

#include "lstmkit/infer/greedy_decoder.h"
#include "lstmkit/models/seq2seq.h"

namespace lstmkit::infer {

struct BeamOptions {
  int beam = 5;        // K hypotheses kept per sentence
  double alpha = 1.0;  // length normalisation exponent (0: raw log-probability, favours short outputs)
  int n_best = 1;      // hypotheses returned per sentence, ≤ beam
  bool alignments = false;  // keep each hypothesis' alignment (attention models)
};

// Throws lstmkit::UsageError on "`beam`" (< 1), "`n_best`" (outside [1, beam]) or "`alpha`" (negative or
// not finite).
void validate(const BeamOptions& options);

// Decodes N sources that all have T tokens (source [T, N], ids as written) with at most max_len target
// tokens each. Returns, per source, its n_best hypotheses, best score first.
std::vector<std::vector<Hypothesis>> beam_search(models::Seq2Seq& model, int T, int N, const int32_t* source,
                                                 int max_len, const BeamOptions& options);

}  // namespace lstmkit::infer
