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

SubwordCorpus read_subword_corpus(const std::string& path, const TextOptions& options, const SubwordOptions& subword) {
  const Utf8Text decoded = read_utf8_file(path, options.on_invalid);
  std::vector<std::string> lines;
  for (size_t begin = 0; begin < decoded.text.size();) {
    size_t end = decoded.text.find('\n', begin);
    if (end == std::string::npos) end = decoded.text.size();
    lines.push_back(normalize(std::string_view(decoded.text).substr(begin, end - begin), options.normalize));
    begin = end + 1;
  }
  SubwordCorpus corpus{Vocab::from_subword(SubwordModel::train(lines, subword), options.normalize), {}, decoded.replaced};
  for (const std::string& line : lines) {
    std::vector<std::string> pieces = corpus.vocab.subword()->encode(line);
    corpus.tokens.insert(corpus.tokens.end(), std::make_move_iterator(pieces.begin()), std::make_move_iterator(pieces.end()));
  }
  return corpus;
}

}  // namespace lstmkit::text
