#include "lstmkit/jobs/translate.h"

#include <cstdio>

#include "lstmkit/error.h"
#include "lstmkit/jobs/interrupted.h"

namespace lstmkit::jobs {

void validate(const models::Seq2Seq& model, const TranslateConfig& c) {
  infer::validate(c);
  if (c.alignments && !model.config().attention)
    throw Error("`alignments`", "has no attention to align with (it was trained without attention)",
                "translate without alignments, or use a model trained with attention");
}

Translations translate(models::Seq2Seq& model, const std::vector<std::string>& lines, const TranslateConfig& c) {
  validate(model, c);
  const infer::EncodedLines sources = infer::encode_lines(model.source_vocab(), lines);
  const std::vector<std::vector<infer::Hypothesis>> hypotheses = infer::translate(model, sources.ids, c, stop_if_interrupted);
  Translations out;
  out.unknown = sources.unknown;
  out.unknown_examples = sources.examples;
  out.lines.reserve(hypotheses.size());
  const text::Vocab& target = model.target_vocab();
  for (const std::vector<infer::Hypothesis>& line : hypotheses) {
    std::vector<TranslatedText>& texts = out.lines.emplace_back();
    for (const infer::Hypothesis& h : line) texts.push_back({target.decode(h.tokens), h.score, h.alignment});
    if (texts.empty()) texts.emplace_back();
  }
  return out;
}

std::string alignment_text(const std::vector<int32_t>& alignment) {
  std::string out;
  for (size_t t = 0; t < alignment.size(); ++t)
    if (alignment[t] >= 0) out += (out.empty() ? "" : " ") + std::to_string(alignment[t]) + "-" + std::to_string(t);
  return out;
}

std::string max_len_rule(const TranslateConfig& c) {
  if (c.max_len > 0) return std::to_string(c.max_len);
  char rule[64];
  std::snprintf(rule, sizeof rule, "%g x source + %d", c.max_len_ratio, c.max_len_add);
  return rule;
}

}  // namespace lstmkit::jobs
