// Fuzzes text::Vocab::from_json, the vocabulary JSON of vocabulary files and checkpoint metadata. An
// accepted vocabulary must be self-consistent and survive to_json → from_json unchanged.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "lstmkit/error.h"
#include "lstmkit/text/utf8_reader.h"
#include "lstmkit/text/vocab.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string json(reinterpret_cast<const char*>(data), size);
  lstmkit::text::Vocab vocab;
  try {
    vocab = lstmkit::text::Vocab::from_json(json, "fuzz.json");
  } catch (const lstmkit::Error&) {
    return 0;
  }
  FUZZ_CHECK(vocab.size() >= lstmkit::text::kSpecialCount);
  FUZZ_CHECK(static_cast<size_t>(vocab.size()) == vocab.tokens().size());
  for (int id = 0; id < vocab.size(); ++id) {
    const std::string& token = vocab.token(id);
    FUZZ_CHECK(!token.empty());
    FUZZ_CHECK(lstmkit::text::find_invalid_utf8(token) == std::string::npos);
    FUZZ_CHECK(vocab.id(token) == id);
  }
  for (int id = 0; id < lstmkit::text::kSpecialCount; ++id)
    FUZZ_CHECK(vocab.token(id) == lstmkit::text::kSpecialTokens[static_cast<size_t>(id)]);

  const lstmkit::text::Vocab again = lstmkit::text::Vocab::from_json(vocab.to_json(), "to_json");
  FUZZ_CHECK(again.tokens() == vocab.tokens());
  FUZZ_CHECK(again.unit() == vocab.unit());
  FUZZ_CHECK(again.normalization() == vocab.normalization());
  FUZZ_CHECK(again.to_json() == vocab.to_json());
  return 0;
}
