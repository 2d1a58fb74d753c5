#include "lstmkit/infer/lm_generator.h"

#include <algorithm>

#include "lstmkit/error.h"
#include "lstmkit/text/tokenizer.h"

namespace lstmkit::infer {

PrimeIds prime_ids(const text::Vocab& vocab, std::string_view prime) {
  PrimeIds out;
  if (prime.empty()) {
    const int start = vocab.contains("\n") ? vocab.id("\n") : text::kSpecialCount;
    if (start >= vocab.size()) throw Error("model", "has an empty vocabulary", "train it on a non-empty text");
    out.ids.push_back(start);
    return out;
  }
  text::Tokenizer tokenizer(vocab);
  for (const std::string& token : tokenizer.tokenize(prime)) {
    const int id = vocab.id(token);
    if (id == text::kUnkId && std::find(out.unknown.begin(), out.unknown.end(), token) == out.unknown.end())
      out.unknown.push_back(token);
    out.ids.push_back(id);
  }
  return out;
}

LmGenerator::LmGenerator(models::LanguageModel& model, SamplerOptions options)
    : model_(model), sampler_(std::move(options)) {}

void LmGenerator::generate(const std::vector<int32_t>& prime, int64_t length, Rng& rng,
                           const std::function<void(const std::string&)>& emit) {
  const int V = model_.vocab_size();
  const int T = static_cast<int>(prime.size());
  nn::RecurrentState state;
  logits_.resize(static_cast<size_t>(T) * V);
  model_.forward_logits(T, 1, prime.data(), state, logits_.data());
  std::span<const float> last(logits_.data() + static_cast<size_t>(T - 1) * V, V);
  for (int64_t i = 0; i < length; ++i) {
    const int32_t id = sampler_.sample(last, rng);
    emit(model_.vocab().token(id));
    if (i + 1 == length) break;
    model_.forward_logits(1, 1, &id, state, logits_.data());
    last = {logits_.data(), static_cast<size_t>(V)};
  }
}

}  // namespace lstmkit::infer
