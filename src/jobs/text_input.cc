#include "lstmkit/jobs/text_input.h"

#include "lstmkit/error.h"
#include "lstmkit/text/tokenizer.h"

namespace lstmkit::jobs {

std::string TextInput::name() const { return text || files.empty() ? text_name : files.front(); }

text::Corpus read_text_input(const TextInput& input, const text::TextOptions& options, const std::string& field) {
  if (input.text && !input.files.empty())
    throw UsageError(setting(field), "gives both a text and files", "give one of them");
  if (input.text) {
    const text::Utf8Text decoded = text::decode_utf8(*input.text, input.text_name, options.on_invalid);
    return {text::Tokenizer(options.unit, options.normalize).tokenize(decoded.text), decoded.replaced};
  }
  if (input.files.empty()) throw UsageError(setting(field), "names no text", "give a text or the files to read");
  text::Corpus all;
  for (const auto& path : input.files) {
    text::Corpus c = text::read_corpus(path, options);
    all.replaced += c.replaced;
    all.tokens.insert(all.tokens.end(), std::make_move_iterator(c.tokens.begin()),
                      std::make_move_iterator(c.tokens.end()));
  }
  return all;
}

}  // namespace lstmkit::jobs
