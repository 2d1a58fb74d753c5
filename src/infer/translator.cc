#include "lstmkit/infer/translator.h"

#include <algorithm>
#include <map>
#include <string>

#include "lstmkit/error.h"
#include "lstmkit/text/tokenizer.h"

namespace lstmkit::infer {

void validate(const TranslateOptions& o) {
  validate(BeamOptions{o.beam, o.alpha, o.n_best});
  if (o.max_len < 0) throw UsageError("--max-len", "must not be negative", "use 0 for 3 × the source length + 10");
  if (o.batch < 1) throw UsageError("--batch", "must be at least 1", "got " + std::to_string(o.batch));
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
  return o.max_len > 0 ? o.max_len : static_cast<int>(3 * source_length + 10);
}

std::vector<std::vector<Hypothesis>> translate(models::Seq2Seq& model, const std::vector<std::vector<int32_t>>& sources,
                                               const TranslateOptions& o) {
  validate(o);
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
        std::vector<Hypothesis> best = greedy_decode(model, t_len, n, batch.data(), max_len, o.alpha);
        for (size_t b = 0; b < N; ++b) out[indices[begin + b]] = {std::move(best[b])};
      } else {
        std::vector<std::vector<Hypothesis>> hyps =
            beam_search(model, t_len, n, batch.data(), max_len, BeamOptions{o.beam, o.alpha, o.n_best});
        for (size_t b = 0; b < N; ++b) out[indices[begin + b]] = std::move(hyps[b]);
      }
    }
  }
  return out;
}

}  // namespace lstmkit::infer
