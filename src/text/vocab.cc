#include "lstmkit/text/vocab.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "lstmkit/error.h"
#include "lstmkit/text/base64.h"
#include "lstmkit/text/utf8_reader.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::text {

namespace {

// ordered_json keeps DESIGN.md's key order (unit, normalize, tokens) in the output.
using Json = nlohmann::ordered_json;

const char* const kFormatHint =
    "a vocabulary is JSON {\"unit\": \"char\"|\"word\"|\"bpe\"|\"unigram\", \"normalize\": \"nfc\"|\"none\", "
    "\"tokens\": [\"<pad>\", \"<unk>\", \"<s>\", \"</s>\", ...], and for bpe and unigram \"sentencepiece\": BASE64}";

std::vector<std::string> specials() { return {kSpecialTokens.begin(), kSpecialTokens.end()}; }

// nlohmann's messages start with "[json.exception.parse_error.101] " (or out_of_range.406 …): keep what follows, escaped (it
// quotes the bytes last read, which may be anything).
std::string json_message(const std::exception& e) {
  const std::string message = e.what();
  const size_t end = message.find("] ");
  return printable(end == std::string::npos ? message : message.substr(end + 2), 200);
}

const Json& field(const Json& object, const char* name, Json::value_t type, const char* type_name,
                  const std::string& source) {
  const auto it = object.find(name);
  if (it == object.end()) throw Error(source, std::string("missing \"") + name + "\"", kFormatHint);
  // An array of strings is checked item by item by the caller.
  if (it->type() != type)
    throw Error(source, std::string("\"") + name + "\" must be " + type_name + ", not " + it->type_name(),
                kFormatHint);
  return *it;
}

}  // namespace

Vocab::Vocab() : Vocab(Unit::grapheme, Normalization::nfc, specials(), "vocab") {}

Vocab::Vocab(Unit unit, Normalization normalize, std::vector<std::string> tokens, const std::string& source,
             std::shared_ptr<const SubwordModel> subword)
    : unit_(unit), normalize_(normalize), tokens_(std::move(tokens)), subword_(std::move(subword)) {
  if (is_subword(unit) != (subword_ != nullptr))
    throw Error(source, "unit " + unit_name(unit) + (subword_ ? " has no SentencePiece model" : " needs its SentencePiece model"),
                kFormatHint);
  if (subword_ && subword_->pieces() != tokens_)
    throw Error(source, "the tokens are not the SentencePiece model's pieces", "the vocabulary is damaged; retrain the model");
  for (int i = 0; i < kSpecialCount; ++i)
    if (static_cast<int>(tokens_.size()) <= i || tokens_[i] != kSpecialTokens[i])
      throw Error(source, "token " + std::to_string(i) + " must be the special " + std::string(kSpecialTokens[i]),
                  kFormatHint);
  ids_.reserve(tokens_.size());
  for (size_t i = 0; i < tokens_.size(); ++i) {
    const std::string& token = tokens_[i];
    const std::string where = "token " + std::to_string(i);
    if (token.empty()) throw Error(source, where + " is empty", "every token must have at least one character");
    if (find_invalid_utf8(token) != std::string_view::npos)
      throw Error(source, where + " is not valid UTF-8", "tokens come from decoded text");
    const auto [it, inserted] = ids_.emplace(token, static_cast<int>(i));
    if (!inserted)
      throw Error(source, where + " '" + printable(token) + "' repeats token " + std::to_string(it->second),
                  "each token must appear once");
  }
}

Vocab Vocab::build(const TokenCounts& counts, Unit unit, Normalization normalize, const VocabLimits& limits) {
  if (is_subword(unit))
    throw Error("vocabulary", unit_name(unit) + " pieces are learnt by SentencePiece, not counted",
                "train a SubwordModel and use Vocab::from_subword");
  std::vector<std::string> tokens = specials();
  for (auto& t : counts.select(limits)) tokens.push_back(std::move(t.token));
  return Vocab(unit, normalize, std::move(tokens), "corpus");
}

Vocab Vocab::from_subword(SubwordModel model, Normalization normalize) {
  const Unit unit = model.kind() == SubwordKind::bpe ? Unit::bpe : Unit::unigram;
  std::vector<std::string> pieces = model.pieces();
  return Vocab(unit, normalize, std::move(pieces), "SentencePiece model",
               std::make_shared<const SubwordModel>(std::move(model)));
}

Vocab Vocab::from_json(const std::string& json, const std::string& source) {
  Json doc;
  try {
    doc = Json::parse(json);
  } catch (const Json::exception& e) {  // a syntax error, or a number out of range (1e400)
    throw Error(source, "not valid JSON: " + json_message(e), kFormatHint);
  }
  if (!doc.is_object())
    throw Error(source, std::string("expected a JSON object, not ") + doc.type_name(), kFormatHint);

  const std::string unit = field(doc, "unit", Json::value_t::string, "a string", source).get<std::string>();
  if (unit != "char" && unit != "word" && unit != "bpe" && unit != "unigram")
    throw Error(source, "unknown unit '" + printable(unit) + "'",
                "\"unit\" must be \"char\", \"word\", \"bpe\" or \"unigram\"");
  const std::string normalize = field(doc, "normalize", Json::value_t::string, "a string", source).get<std::string>();
  if (normalize != "nfc" && normalize != "none")
    throw Error(source, "unknown normalize '" + printable(normalize) + "'",
                "\"normalize\" must be \"nfc\" or \"none\"");

  const Json& list = field(doc, "tokens", Json::value_t::array, "an array", source);
  std::vector<std::string> tokens;
  tokens.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string())
      throw Error(source, "token " + std::to_string(i) + " must be a string, not " + list[i].type_name(),
                  kFormatHint);
    tokens.push_back(list[i].get<std::string>());
  }
  const Unit parsed = parse_unit(unit);
  std::shared_ptr<const SubwordModel> subword;
  if (is_subword(parsed)) {
    const std::string text = field(doc, "sentencepiece", Json::value_t::string, "a string", source).get<std::string>();
    std::optional<std::string> bytes = base64_decode(text);
    if (!bytes) throw Error(source, "\"sentencepiece\" is not base64", "the vocabulary is damaged; retrain the model");
    subword = std::make_shared<const SubwordModel>(SubwordModel::load(
        std::move(*bytes), parsed == Unit::bpe ? SubwordKind::bpe : SubwordKind::unigram, source));
  } else if (doc.contains("sentencepiece")) {
    throw Error(source, "unit " + unit + " has a \"sentencepiece\" model", kFormatHint);
  }
  return Vocab(parsed, parse_normalization(normalize), std::move(tokens), source, std::move(subword));
}

std::string Vocab::to_json() const {
  Json doc;
  doc["unit"] = unit_name(unit_);
  doc["normalize"] = normalization_name(normalize_);
  doc["tokens"] = tokens_;
  if (subword_) doc["sentencepiece"] = base64_encode(subword_->serialized());
  return doc.dump();
}

Vocab Vocab::load(const std::string& path) {
  return from_json(read_utf8_file(path, InvalidUtf8::error).text, path);
}

void Vocab::save(const std::string& path) const {
  const std::string tmp = path + ".tmp";
  const std::string bytes = to_json() + "\n";
  std::FILE* file = std::fopen(tmp.c_str(), "wb");
  if (!file)
    throw Error(tmp, std::string("cannot create the file: ") + std::strerror(errno),
                "check that the directory exists and is writable");
  // fsync before the rename: a crash leaves the old file or the new one, never half of one.
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size() && std::fflush(file) == 0 &&
            ::fsync(fileno(file)) == 0;
  int err = errno;
  if (std::fclose(file) != 0 && ok) ok = false, err = errno;
  if (!ok) {
    std::remove(tmp.c_str());
    throw Error(tmp, std::string("cannot write the file: ") + std::strerror(err), "check the free disk space");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    err = errno;
    std::remove(tmp.c_str());
    throw Error(path, std::string("cannot replace the file: ") + std::strerror(err),
                "check that the directory is writable");
  }
}

void Vocab::check_id(int id) const {
  if (id < 0 || id >= size())
    throw Error("token id " + std::to_string(id), "outside the vocabulary of " + std::to_string(size()) + " ids",
                "the ids and the vocabulary do not belong together");
}

const std::string& Vocab::token(int id) const {
  check_id(id);
  return tokens_[id];
}

int Vocab::id(std::string_view token) const {
  const auto it = ids_.find(token);
  return it == ids_.end() ? kUnkId : it->second;
}

bool Vocab::contains(std::string_view token) const { return ids_.find(token) != ids_.end(); }

std::vector<int> Vocab::encode(const std::vector<std::string>& tokens) const {
  std::vector<int> ids;
  ids.reserve(tokens.size());
  for (const auto& t : tokens) ids.push_back(id(t));
  return ids;
}

std::string Vocab::decode(const std::vector<int>& ids) const {
  for (const int i : ids) check_id(i);
  if (subword_) return subword_->decode(ids);
  std::string text;
  for (const int i : ids) {
    if (i == kUnkId) text += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
    else if (i >= kSpecialCount) text += tokens_[i];
  }
  return text;
}

std::vector<float> Vocab::one_hot(const std::vector<int>& ids) const {
  const size_t V = tokens_.size();
  std::vector<float> rows(ids.size() * V, 0.0f);  // [T, V]
  for (size_t t = 0; t < ids.size(); ++t) {
    check_id(ids[t]);
    rows[t * V + ids[t]] = 1.0f;
  }
  return rows;
}

}  // namespace lstmkit::text
