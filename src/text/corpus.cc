#include "lstmkit/text/corpus.h"

#include "lstmkit/text/tokenizer.h"

namespace lstmkit::text {

Corpus read_corpus(const std::string& path, const TextOptions& options) {
  Utf8Text decoded = read_utf8_file(path, options.on_invalid);
  Tokenizer tokenizer(options.unit, options.normalize);
  Corpus corpus;
  corpus.tokens = tokenizer.tokenize(decoded.text);
  corpus.replaced = decoded.replaced;
  return corpus;
}

}  // namespace lstmkit::text
