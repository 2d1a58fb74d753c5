#include "lstmkit/infer/translator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "lstmkit/error.h"
#include "lstmkit/text/tokenizer.h"

namespace lstmkit::infer {

void validate(const TranslateOptions& o) {
  validate(BeamOptions{o.beam, o.alpha, o.n_best});
  if (o.max_len < 0)
    throw UsageError("`max_len`", "must not be negative", "use 0 for a limit relative to the source length");
  if (o.batch < 1) throw UsageError("`batch`", "must be at least 1", "got " + std::to_string(o.batch));
  if (!(o.max_len_ratio > 0.0 && o.max_len_ratio <= 1000.0))
    throw UsageError("`max_len_ratio`", "must be a number in (0, 1000]", "e.g. 1.5 target tokens per source token");
  if (o.max_len_add < 0 || o.max_len_add > 1'000'000)
    throw UsageError("`max_len_add`", "must be in [0, 1000000]", "got " + std::to_string(o.max_len_add));
}

namespace {
constexpr size_t kExamples = 5;  // unknown tokens quoted in a warning

void add_example(std::vector<std::string>& examples, const std::string& token) {
  if (examples.size() < kExamples && std::find(examples.begin(), examples.end(), token) == examples.end())
    examples.push_back(token);
}
}  // namespace

EncodedLines encode_lines(const text::Vocab& vocab, const std::vector<std::string>& lines) {
  text::Tokenizer tokenizer(vocab);
  EncodedLines out;
  out.ids.reserve(lines.size());
  for (const std::string& line : lines) {
    const std::vector<std::string> tokens = tokenizer.tokenize(line);
    std::vector<int32_t>& ids = out.ids.emplace_back(vocab.encode(tokens));
    for (size_t t = 0; t < ids.size(); ++t) {
      if (ids[t] != text::kUnkId) continue;
      ++out.unknown;
      add_example(out.examples, tokens[t]);
    }
  }
  return out;
}

void add_unknown(EncodedLines& total, const EncodedLines& more) {
  total.unknown += more.unknown;
  for (const std::string& token : more.examples) add_example(total.examples, token);
}

int max_target_length(const TranslateOptions& o, size_t source_length) {
  if (o.max_len > 0) return o.max_len;
  const double limit = std::ceil(o.max_len_ratio * static_cast<double>(source_length)) + o.max_len_add;
  return static_cast<int>(std::min(limit, static_cast<double>(std::numeric_limits<int>::max())));
}

std::vector<std::vector<Hypothesis>> translate(models::Seq2Seq& model, const std::vector<std::vector<int32_t>>& sources,
                                               const TranslateOptions& o, const std::function<void()>& between_batches) {
  validate(o);
  if (o.alignments && !model.config().attention)
    throw Error("`alignments`", "the model has no attention to align with", "use a model trained with attention");
  std::map<size_t, std::vector<size_t>> by_length;  // T → indices of the sources with T tokens
  for (size_t i = 0; i < sources.size(); ++i) by_length[sources[i].size()].push_back(i);

  std::vector<std::vector<Hypothesis>> out(sources.size());
  std::vector<int32_t> batch;  // [T, N] time-major, as the encoder reads
  for (const auto& [T, indices] : by_length) {
    const int max_len = max_target_length(o, T);
    for (size_t begin = 0; begin < indices.size(); begin += static_cast<size_t>(o.batch)) {
      const size_t N = std::min(static_cast<size_t>(o.batch), indices.size() - begin);
      batch.resize(T * N);
      for (size_t b = 0; b < N; ++b)
        for (size_t t = 0; t < T; ++t) batch[t * N + b] = sources[indices[begin + b]][t];
      const int n = static_cast<int>(N), t_len = static_cast<int>(T);
      if (o.beam == 1) {
        std::vector<Hypothesis> best = greedy_decode(model, t_len, n, batch.data(), max_len, o.alpha, o.alignments);
        for (size_t b = 0; b < N; ++b) out[indices[begin + b]] = {std::move(best[b])};
      } else {
        std::vector<std::vector<Hypothesis>> hyps =
            beam_search(model, t_len, n, batch.data(), max_len, BeamOptions{o.beam, o.alpha, o.n_best, o.alignments});
        for (size_t b = 0; b < N; ++b) out[indices[begin + b]] = std::move(hyps[b]);
      }
      if (between_batches) between_batches();
    }
  }
  return out;
}

}  // namespace lstmkit::infer
