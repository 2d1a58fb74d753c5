#include "lstmkit/data/pairs.h"

#include "lstmkit/error.h"

namespace lstmkit::data {

namespace {

void parse_line(std::string_view line, size_t number, const std::string& source, const PairsReadOptions& options,
                PairsFile& out) {
  const size_t tab = line.find('\t');
  const std::string where = source + ":" + std::to_string(number);
  if (tab == std::string_view::npos || tab == 0) {
    if (options.skip_bad_lines) {
      ++out.bad_lines;
      return;
    }
    throw Error(where, tab == 0 ? "the source sentence (first column) is empty" : "no tab on this line",
                "each line must be `source<TAB>target`; fix the line or pass `skip_bad_lines`");
  }
  const size_t end = line.find('\t', tab + 1);  // a third column, if any, is ignored
  const std::string_view target =
      line.substr(tab + 1, end == std::string_view::npos ? std::string_view::npos : end - tab - 1);
  out.pairs.push_back({std::string(line.substr(0, tab)), std::string(target), number});
}

}  // namespace

PairsFile parse_pairs(std::string_view text, const std::string& source, const PairsReadOptions& options) {
  PairsFile out;
  size_t number = 0;
  for (size_t begin = 0; begin < text.size();) {
    if (options.limit > 0 && out.pairs.size() == options.limit) break;
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    ++number;
    const std::string_view line = text.substr(begin, end - begin);
    if (!line.empty()) parse_line(line, number, source, options, out);
    begin = end + 1;
  }
  if (out.pairs.empty())
    throw Error(source, "holds no sentence pair", "give a TSV file with `source<TAB>target` lines");
  return out;
}

PairsFile read_pairs(const std::string& path, const PairsReadOptions& options) {
  const text::Utf8Text file = text::read_utf8_file(path, options.on_invalid);
  PairsFile out = parse_pairs(file.text, path, options);
  out.replaced = file.replaced;
  return out;
}

TokenizedPairs tokenize_pairs(const std::vector<TextPair>& pairs, text::Tokenizer& source,
                              text::Tokenizer& target, size_t max_len) {
  TokenizedPairs out;
  out.pairs.reserve(pairs.size());
  for (const TextPair& p : pairs) {
    TokenPair t{source.tokenize(p.source), target.tokenize(p.target)};
    if (max_len > 0 && (t.source.size() > max_len || t.target.size() > max_len)) {
      ++out.too_long;
      continue;
    }
    out.pairs.push_back(std::move(t));
  }
  return out;
}

std::vector<IdPair> encode_pairs(const std::vector<TokenPair>& pairs, const std::vector<size_t>& indices,
                                 const text::Vocab& source, const text::Vocab& target) {
  std::vector<IdPair> out;
  out.reserve(indices.size());
  for (size_t i : indices) out.push_back({source.encode(pairs.at(i).source), target.encode(pairs.at(i).target)});
  return out;
}

text::TokenCounts count_tokens(const std::vector<TokenPair>& pairs, const std::vector<size_t>& indices,
                               bool target_side) {
  text::TokenCounts counts;
  for (size_t i : indices) counts.add(target_side ? pairs.at(i).target : pairs.at(i).source);
  return counts;
}

}  // namespace lstmkit::data
