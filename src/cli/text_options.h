#pragma once
// How text files are read and cut into tokens, declared once for every command that reads text.
#include "command.h"
#include "lstmkit/text/corpus.h"
#include "lstmkit/text/token_counts.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::cli {

// --unit, --normalize, --on-invalid
void declare_text_options(po::options_description& o);
text::TextOptions read_text_options(const po::variables_map& vm);

// --max-vocab, --min-count
void declare_vocab_limits(po::options_description& o);
text::VocabLimits read_vocab_limits(const po::variables_map& vm);

}  // namespace lstmkit::cli
