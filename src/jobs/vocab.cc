#include "lstmkit/jobs/vocab.h"

#include "lstmkit/error.h"

namespace lstmkit::jobs {

namespace {

// SentencePiece's own ceiling is far above what a one-hot or embedding layer here could use.
constexpr long long kMaxPieces = 1'000'000;

double coverage(const text::TokenCounts& counts, const text::Vocab& vocab) {
  size_t covered = 0;
  for (const auto& t : counts.ranked()) covered += vocab.contains(t.token) ? t.count : 0;
  return counts.total() == 0 ? 1.0 : static_cast<double>(covered) / static_cast<double>(counts.total());
}

VocabReport finish(text::TokenCounts counts, text::Vocab vocab, size_t replaced) {
  const double covered = coverage(counts, vocab);
  return VocabReport{std::move(counts), std::move(vocab), covered, replaced};
}

}  // namespace

void validate(const VocabConfig& c) {
  if (!text::is_subword(c.text.unit)) {
    if (c.limits.min_count < 1) throw UsageError("`min_count`", "must be at least 1", "got 0");
    return;
  }
  if (c.vocab_size <= text::kSpecialCount || c.vocab_size > kMaxPieces)
    throw UsageError("`vocab_size`", "must be between " + std::to_string(text::kSpecialCount + 1) + " and " +
                                       std::to_string(kMaxPieces),
                     "got " + std::to_string(c.vocab_size) + "; e.g. 8000 for a pair of European languages");
  if (c.limits.max_vocab > 0 || c.limits.min_count > 1)
    throw UsageError("`max_vocab`", "does not apply to subword units", "`vocab_size` sets the size of a bpe or unigram vocabulary");
  if (c.input.text || c.input.files.size() != 1)
    throw UsageError("`input`", "subword units are learnt from one file", "give one file");
}

VocabReport vocab(const VocabConfig& c) {
  validate(c);
  if (text::is_subword(c.text.unit)) {
    const text::SubwordOptions options{c.text.unit == text::Unit::bpe ? text::SubwordKind::bpe : text::SubwordKind::unigram,
                                       c.vocab_size, 1};
    text::SubwordCorpus corpus = text::read_subword_corpus(c.input.files.front(), c.text, options);
    return finish(text::TokenCounts(corpus.tokens), std::move(corpus.vocab), corpus.replaced);
  }
  text::Corpus corpus = read_text_input(c.input, c.text, "input");
  text::TokenCounts counts(corpus.tokens);
  text::Vocab vocab = text::Vocab::build(counts, c.text.unit, c.text.normalize, c.limits);
  return finish(std::move(counts), std::move(vocab), corpus.replaced);
}

}  // namespace lstmkit::jobs
