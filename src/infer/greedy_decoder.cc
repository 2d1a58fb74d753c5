#include "lstmkit/infer/greedy_decoder.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "lstmkit/text/vocab.h"

namespace lstmkit::infer {

bool never_emitted(int32_t id) { return id == text::kPadId || id == text::kBosId; }

double normalized_score(double log_prob, size_t length, double alpha) {
  return log_prob / std::pow(static_cast<double>(std::max<size_t>(length, 1)), alpha);
}

void reserve_tokens(std::vector<int32_t>& tokens, std::vector<int32_t>& alignment, int max_len, bool alignments) {
  const auto n = static_cast<size_t>(std::clamp(max_len, 0, kReservedTokens));
  tokens.reserve(n);
  if (alignments) alignment.reserve(n);
}

std::vector<Hypothesis> greedy_decode(models::Seq2Seq& model, int T, int N, const int32_t* source, int max_len,
                                      double alpha, bool alignments) {
  models::DecoderSession decoder(model);
  decoder.start(model.encode(T, N, source));
  const int V = decoder.vocab_size();
  std::vector<Hypothesis> out(static_cast<size_t>(N));
  for (Hypothesis& h : out) reserve_tokens(h.tokens, h.alignment, max_len, alignments);
  std::vector<int32_t> tokens(static_cast<size_t>(N), text::kBosId);  // [N] previous outputs
  int open = N;
  for (int step = 0; step < max_len && open > 0; ++step) {
    const std::span<const float> log_probs = decoder.step(tokens);  // [N, V]
    for (int b = 0; b < N; ++b) {
      Hypothesis& h = out[b];
      if (h.finished) continue;  // the row keeps stepping with batch-mates; its output is ignored
      const float* row = log_probs.data() + static_cast<size_t>(b) * V;
      int32_t best = -1;
      for (int32_t v = 0; v < V; ++v)
        if (!never_emitted(v) && (best < 0 || row[v] > row[best])) best = v;
      h.log_prob += row[best];
      tokens[b] = best;
      if (best == text::kEosId) {
        h.finished = true;
        --open;
      } else {
        h.tokens.push_back(best);
        if (alignments) h.alignment.push_back(decoder.attended(b));
      }
    }
  }
  for (Hypothesis& h : out) h.score = normalized_score(h.log_prob, h.tokens.size() + (h.finished ? 1 : 0), alpha);
  return out;
}

}  // namespace lstmkit::infer
