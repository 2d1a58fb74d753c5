#include "lstmkit/infer/beam_search.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <string>

#include "lstmkit/error.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::infer {

namespace {

constexpr double kDead = -std::numeric_limits<double>::infinity();  // an empty beam slot

struct Candidate {
  double log_prob;
  int32_t row;    // the decoder row it extends
  int32_t token;  // the token it appends
};

// Best first; ties by row, then token, so results never depend on the sort's internals.
bool better(const Candidate& a, const Candidate& b) {
  if (a.log_prob != b.log_prob) return a.log_prob > b.log_prob;
  if (a.row != b.row) return a.row < b.row;
  return a.token < b.token;
}

}  // namespace

void validate(const BeamOptions& o) {
  if (o.beam < 1) throw UsageError("`beam`", "must be at least 1", "got " + std::to_string(o.beam));
  if (o.n_best < 1 || o.n_best > o.beam)
    throw UsageError("`n_best`", "must be between 1 and `beam` (" + std::to_string(o.beam) + ")",
                     "got " + std::to_string(o.n_best) + "; raise `beam` to get more hypotheses");
  if (!(o.alpha >= 0.0 && std::isfinite(o.alpha)))
    throw UsageError("`alpha`", "must be a non-negative number", "e.g. 0 (no normalisation) or 1 (per token)");
}

std::vector<std::vector<Hypothesis>> beam_search(models::Seq2Seq& model, int T, int N, const int32_t* source,
                                                 int max_len, const BeamOptions& o) {
  validate(o);
  const int K = o.beam;
  const size_t R = static_cast<size_t>(N) * K;  // decoder rows: sentence s owns rows [s·K, s·K + K)
  models::DecoderSession decoder(model);
  decoder.start(model.encode(T, N, source));
  const int V = decoder.vocab_size();

  // Every sentence's K rows start from its encoder state; only the first is live at step 0.
  std::vector<int32_t> rows(R);
  for (size_t r = 0; r < R; ++r) rows[r] = static_cast<int32_t>(r / K);
  decoder.select(rows);
  std::vector<double> log_prob(R, kDead), next_log_prob(R);             // [N·K]
  for (int s = 0; s < N; ++s) log_prob[static_cast<size_t>(s) * K] = 0.0;
  std::vector<std::vector<int32_t>> history(R), next_history(R);       // [N·K] tokens so far
  std::vector<std::vector<int32_t>> aligned(R), next_aligned(R);       // [N·K] their alignments, when asked
  for (size_t r = 0; r < R; ++r) {  // so that steps allocate nothing
    reserve_tokens(history[r], aligned[r], max_len, o.alignments);
    reserve_tokens(next_history[r], next_aligned[r], max_len, o.alignments);
  }
  std::vector<int32_t> previous(R, text::kBosId);                       // [N·K] input of the next step
  std::vector<std::vector<Hypothesis>> finished(static_cast<size_t>(N));
  std::vector<char> done(static_cast<size_t>(N), 0);
  std::vector<Candidate> candidates;
  int open = N;

  for (int step = 0; step < max_len && open > 0; ++step) {
    const std::span<const float> lp = decoder.step(previous);  // [N·K, V]
    for (int s = 0; s < N; ++s) {
      const size_t first = static_cast<size_t>(s) * K;
      int live = 0;
      if (!done[s]) {
        candidates.clear();
        for (size_t r = first; r < first + K; ++r) {
          if (log_prob[r] == kDead) continue;
          const float* row = lp.data() + r * V;
          for (int32_t v = 0; v < V; ++v)
            if (!never_emitted(v)) candidates.push_back({log_prob[r] + row[v], static_cast<int32_t>(r), v});
        }
        const size_t take = std::min(candidates.size(), static_cast<size_t>(2 * K));
        std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(take),
                          candidates.end(), better);
        for (size_t i = 0; i < take && live < K; ++i) {
          const Candidate& c = candidates[i];
          const std::vector<int32_t>& h = history[static_cast<size_t>(c.row)];
          const std::vector<int32_t>& a = aligned[static_cast<size_t>(c.row)];
          if (c.token == text::kEosId) {
            if (i < static_cast<size_t>(K))  // </s> counts only among the K best, as in fairseq
              finished[s].push_back({h, c.log_prob, normalized_score(c.log_prob, h.size() + 1, o.alpha), true, a});
            continue;
          }
          const size_t slot = first + live++;
          rows[slot] = c.row;
          next_log_prob[slot] = c.log_prob;
          next_history[slot] = h;
          next_history[slot].push_back(c.token);
          if (o.alignments) {
            next_aligned[slot] = a;
            next_aligned[slot].push_back(decoder.attended(c.row));
          }
          previous[slot] = c.token;
        }
        if (finished[s].size() >= static_cast<size_t>(K)) {
          done[s] = 1;
          --open;
          live = 0;
        }
      }
      for (size_t slot = first + live; slot < first + K; ++slot) {  // empty slots follow the first row
        rows[slot] = static_cast<int32_t>(first);
        next_log_prob[slot] = kDead;
        next_history[slot].clear();
        next_aligned[slot].clear();
        previous[slot] = text::kEosId;
      }
    }
    decoder.select(rows);
    std::swap(log_prob, next_log_prob);
    std::swap(history, next_history);
    std::swap(aligned, next_aligned);
  }

  std::vector<std::vector<Hypothesis>> out(static_cast<size_t>(N));
  for (int s = 0; s < N; ++s) {
    std::vector<Hypothesis>& hyps = finished[s];
    for (size_t r = static_cast<size_t>(s) * K; !done[s] && r < static_cast<size_t>(s + 1) * K; ++r)
      if (log_prob[r] != kDead)  // stopped by the length limit
        hyps.push_back({history[r], log_prob[r], normalized_score(log_prob[r], history[r].size(), o.alpha), false,
                        aligned[r]});
    std::stable_sort(hyps.begin(), hyps.end(), [](const Hypothesis& a, const Hypothesis& b) { return a.score > b.score; });
    if (hyps.size() > static_cast<size_t>(o.n_best)) hyps.resize(static_cast<size_t>(o.n_best));
    out[s] = std::move(hyps);
  }
  return out;
}

}  // namespace lstmkit::infer
