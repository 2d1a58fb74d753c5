#include "lstmkit/jobs/sample.h"

#include "lstmkit/error.h"
#include "lstmkit/jobs/interrupted.h"
#include "lstmkit/infer/lm_generator.h"
#include "lstmkit/text/utf8_reader.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::jobs {

namespace {

std::string quoted_list(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) out += (out.empty() ? "'" : ", '") + t + "'";
  return out;
}

}  // namespace

infer::SamplerOptions SampleConfig::default_sampling() {
  infer::SamplerOptions s;
  s.banned = {text::kPadId, text::kUnkId, text::kBosId, text::kEosId};
  return s;
}

void validate(const SampleConfig& c) {
  if (c.length < 0) throw UsageError("`length`", "must not be negative", "got " + std::to_string(c.length));
  if (c.count < 1) throw UsageError("`count`", "must be at least 1", "got " + std::to_string(c.count));
  if (const size_t bad = text::find_invalid_utf8(c.prime); bad != std::string::npos)
    throw UsageError("`prime`", "is not valid UTF-8 (byte " + std::to_string(bad) + ")",
                     "give the text to start from in UTF-8");
  infer::validate(c.sampling);
}

void sample(models::LanguageModel& model, const SampleConfig& c, const SampleSink& sink) {
  validate(c);
  const infer::PrimeIds start = infer::prime_ids(model.vocab(), c.prime);
  if (!start.unknown.empty() && !c.allow_unk)
    throw Error("`prime`", "tokens not in the model's vocabulary: " + quoted_list(start.unknown),
                "remove them, or set `allow_unk` to read them as <unk>");
  infer::LmGenerator generator(model, c.sampling);
  Rng rng(c.seed);
  for (int64_t i = 0; i < c.count; ++i) {
    if (sink.begin) sink.begin(i);
    sink.text(c.prime);
    generator.generate(start.ids, c.length, rng, [&](const std::string& token) {
      sink.text(token);
      stop_if_interrupted();
    });
  }
}

}  // namespace lstmkit::jobs
