// SentencePiece subword vocabularies: training is deterministic, ids are lstmkit's specials then the
// model's pieces, text round-trips exactly (accents, Japanese, emoji, spaces), and the model travels
// inside the vocabulary JSON and a checkpoint, where damage is an lstmkit::Error.
#include "lstmkit/text/subword.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/text/base64.h"
#include "lstmkit/text/tokenizer.h"
#include "lstmkit/text/vocab.h"
#include "support/temp_dir.h"

namespace lstmkit::text {
namespace {

using testing::TempDir;

// Every character the round trips below use appears here, so none of them is <unk>.
std::vector<std::string> training_text() {
  std::vector<std::string> lines;
  for (int copy = 0; copy < 3; ++copy) {
    lines.insert(lines.end(), {"The cat sat on the mat.", "Le chat était assis sur le tapis, à côté de l'âne.",
                               "Où est la gare ? Ça va très bien, merci !", "猫はマットの上に座った。",
                               "日本語のテキストです。", "I like it 👍🏽 and 👨‍👩‍👧 too.",
                               "  two  spaces  here ", "Ég sá Þór; façade, naïve, œuvre."});
  }
  lines.push_back("");  // empty lines are skipped, not an error
  return lines;
}

SubwordModel train(SubwordKind kind, int size, uint64_t seed = 1) {
  return SubwordModel::train(training_text(), {kind, size, seed});
}

TEST(Base64, RoundTripAndCanonicalOnly) {
  for (const std::string& bytes : {std::string(), std::string("f"), std::string("fo"), std::string("foo"),
                                  std::string("foob"), std::string("\0\xff\x10 binary", 10)}) {
    const std::string text = base64_encode(bytes);
    ASSERT_EQ(base64_decode(text), bytes) << text;
  }
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  for (const char* bad : {"Zm8", "Zm9=v", "Z===", "Zm9v YmFy", "Zm9=", "Zm8=Zm8=", "Zm\n8="})
    EXPECT_FALSE(base64_decode(bad)) << bad;
}

TEST(SubwordModel, TrainingIsDeterministic) {
  for (const SubwordKind kind : {SubwordKind::bpe, SubwordKind::unigram}) {
    const SubwordModel a = train(kind, 120), b = train(kind, 120);
    EXPECT_EQ(a.serialized(), b.serialized());
    EXPECT_EQ(a.pieces(), b.pieces());
  }
}

TEST(SubwordModel, SpecialsAreLstmkitsIds) {
  for (const SubwordKind kind : {SubwordKind::bpe, SubwordKind::unigram}) {
    const Vocab vocab = Vocab::from_subword(train(kind, 120), Normalization::nfc);
    EXPECT_EQ(vocab.unit(), kind == SubwordKind::bpe ? Unit::bpe : Unit::unigram);
    ASSERT_GE(vocab.size(), kSpecialCount + 1);
    EXPECT_LE(vocab.size(), 120);
    for (int id = 0; id < kSpecialCount; ++id) EXPECT_EQ(vocab.token(id), kSpecialTokens[static_cast<size_t>(id)]);
    for (int id = 0; id < vocab.size(); ++id) EXPECT_EQ(vocab.id(vocab.token(id)), id);
  }
  EXPECT_EQ(Vocab::from_subword(train(SubwordKind::bpe, 120), Normalization::nfc).size(), 120);
}

TEST(SubwordModel, RoundTripsExactly) {
  for (const SubwordKind kind : {SubwordKind::bpe, SubwordKind::unigram}) {
    const Vocab vocab = Vocab::from_subword(train(kind, 150), Normalization::nfc);
    Tokenizer tokenizer(vocab);
    for (const std::string text :
         {"The cat sat on the mat.", "Le chat était à côté de l'âne.", "猫はマットの上に座った。", "I like 👍🏽 👨‍👩‍👧.",
          " a leading space", "two  spaces and a trailing one ", "", "façade naïve œuvre Þór"}) {
      const std::vector<int> ids = vocab.encode(tokenizer.tokenize(text));
      EXPECT_EQ(std::count(ids.begin(), ids.end(), kUnkId), 0) << text;
      EXPECT_EQ(vocab.decode(ids), text);
    }
    // NFC first: a decomposed é is the precomposed one, and decodes as it.
    EXPECT_EQ(vocab.decode(encode_text(vocab, "e\xCC\x81t\xC3\xA9")), "\xC3\xA9t\xC3\xA9");
    // Specials other than <unk> add nothing.
    std::vector<int> ids = encode_text(vocab, "cat");
    ids.insert(ids.begin(), kBosId);
    ids.push_back(kEosId);
    ids.push_back(kPadId);
    EXPECT_EQ(vocab.decode(ids), "cat");
  }
}

TEST(SubwordModel, UnseenCharactersAreUnknownAndDecodeAsReplacement) {
  const Vocab vocab = Vocab::from_subword(train(SubwordKind::bpe, 120), Normalization::nfc);
  const std::vector<int> ids = encode_text(vocab, "cat Ж");
  EXPECT_EQ(std::count(ids.begin(), ids.end(), kUnkId), 1);
  EXPECT_EQ(vocab.decode(ids), "cat \xEF\xBF\xBD");
}

TEST(SubwordModel, RefusesWhatSentencePieceCannotLearn) {
  EXPECT_THROW(train(SubwordKind::bpe, 20), Error);  // fewer pieces than distinct characters
  EXPECT_THROW(SubwordModel::train({"", ""}, {SubwordKind::bpe, 100, 1}), Error);
  EXPECT_THROW(Vocab::build(TokenCounts({"a"}), Unit::bpe, Normalization::nfc), Error);
  EXPECT_THROW(Tokenizer(Unit::unigram, Normalization::nfc), Error);
}

TEST(SubwordVocab, JsonRoundTripKeepsTheModel) {
  const Vocab vocab = Vocab::from_subword(train(SubwordKind::unigram, 120), Normalization::none);
  const Vocab back = Vocab::from_json(vocab.to_json(), "test");
  EXPECT_EQ(back.unit(), Unit::unigram);
  EXPECT_EQ(back.normalization(), Normalization::none);
  EXPECT_EQ(back.tokens(), vocab.tokens());
  EXPECT_EQ(back.subword()->serialized(), vocab.subword()->serialized());
  EXPECT_EQ(back.to_json(), vocab.to_json());
  const std::string text = "Le chat était assis 猫 👍🏽";
  EXPECT_EQ(encode_text(back, text), encode_text(vocab, text));
}

std::string replaced(std::string json, const std::string& from, const std::string& to) {
  const size_t at = json.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? json : json.replace(at, from.size(), to);
}

void expect_refused(const std::string& json, const std::string& message) {
  try {
    Vocab::from_json(json, "ckpt (vocab)");
    ADD_FAILURE() << "accepted; expected: " << message;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
  }
}

TEST(SubwordVocab, DamageIsAnError) {
  const Vocab vocab = Vocab::from_subword(train(SubwordKind::bpe, 120), Normalization::nfc);
  const std::string json = vocab.to_json();
  const std::string model = base64_encode(vocab.subword()->serialized());
  expect_refused(replaced(json, model, "not base64!"), "not base64");
  expect_refused(replaced(json, model, base64_encode("garbage that is no protobuf")), "not a SentencePiece model");
  // Cut short: the protobuf does not parse.
  expect_refused(replaced(json, model, base64_encode(vocab.subword()->serialized().substr(0, 200))),
                 "not a SentencePiece model");
  expect_refused(replaced(json, ",\"sentencepiece\":\"" + model + "\"", ""), "missing \"sentencepiece\"");
  expect_refused(replaced(json, "\"unit\":\"bpe\"", "\"unit\":\"char\""), "has a \"sentencepiece\" model");
  expect_refused(replaced(json, "\"" + vocab.token(10) + "\"", "\"zz-not-a-piece\""), "not the SentencePiece model's pieces");
  for (size_t i = 0; i < 64; ++i) {  // every byte flip must end in a model or an Error, never a crash
    std::string bytes = vocab.subword()->serialized();
    bytes[i * bytes.size() / 64] ^= 0x5A;
    try {
      Vocab::from_json(replaced(json, model, base64_encode(bytes)), "flipped");
    } catch (const Error&) {
    }
  }
}

TEST(SubwordVocab, TravelsInACheckpointUnderItsCrc) {
  TempDir dir;
  const Vocab vocab = Vocab::from_subword(train(SubwordKind::bpe, 120), Normalization::nfc);
  nn::Parameters params;
  params.add("w", {2});
  const auto path = dir / "m.safetensors";
  io::Checkpoint::save(path, params, {}, {{"vocab", vocab.to_json()}});
  const Vocab back = Vocab::from_json(io::Checkpoint::read_metadata(path).at("vocab"), "m (vocab)");
  EXPECT_EQ(back.subword()->serialized(), vocab.subword()->serialized());

  // One base64 character of the model changed in the file: the header CRC refuses it.
  std::string bytes = testing::read_bytes(path);
  const size_t at = bytes.find(base64_encode(vocab.subword()->serialized()).substr(100, 16));
  ASSERT_NE(at, std::string::npos);
  bytes[at] = bytes[at] == 'A' ? 'B' : 'A';
  testing::write_bytes(path, bytes);
  EXPECT_THROW(io::Checkpoint::read_metadata(path), Error);
}

}  // namespace
}  // namespace lstmkit::text
