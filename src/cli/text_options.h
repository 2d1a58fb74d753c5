#pragma once
// How text files are read and cut into tokens, declared once for every command that reads text.
#include "command.h"
#include "lstmkit/text/corpus.h"
#include "lstmkit/text/token_counts.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::cli {

// Whether a command learns SentencePiece subword units (--unit bpe|unigram, --vocab-size).
enum class Subwords { no, yes };

// --unit, --normalize, --on-invalid; with Subwords::yes also --vocab-size
void declare_text_options(po::options_description& o, Subwords subwords = Subwords::no);
// A subword --unit is refused where it was not declared, and --vocab-size with char or word.
text::TextOptions read_text_options(const po::variables_map& vm);
// --vocab-size: the pieces of a bpe or unigram model, specials included.
int read_subword_vocab_size(const po::variables_map& vm);

// --max-vocab, --min-count (refused with a subword --unit, whose size is --vocab-size)
void declare_vocab_limits(po::options_description& o);
text::VocabLimits read_vocab_limits(const po::variables_map& vm);

}  // namespace lstmkit::cli
