#pragma once
// The `config` metadata of every model is one JSON object: the stack's entries {"cell", "hidden",
// "layers", "dropout"} beside the model's own. Private to src/models: the public headers stay free of JSON.
// A config comes from a file, so every problem with it — malformed JSON, a missing entry, a wrong type,
// an unknown name, a value out of range — is one lstmkit::Error at the file (exit 1), never a usage error.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/models/stack_config.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::models {

inline constexpr char kDamagedConfigHint[] = "the file is damaged or was not written by lstmkit";

nlohmann::json stack_json(const StackConfig& stack);
void read_stack(const nlohmann::json& j, const std::string& source, StackConfig& stack);
// A token model's input (token_input.h): "embed" only when it is not 0 and "tie_embeddings" only when
// true, so a one-hot model's config stays what it was; both are optional when read (0 and false).
void write_embedding(nlohmann::json& j, int embed, bool tie);
void read_embedding(const nlohmann::json& j, const std::string& source, int& embed, bool& tie);

// The integer j[key] in [minimum, maximum]; anything else (a string, 3.5, a number that would wrap) is
// an Error at `source`.
int64_t config_integer(const nlohmann::json& j, const char* key, int64_t minimum, int64_t maximum,
                       const std::string& source);

// Parses `text` and returns read(json); any JSON error (malformed text, missing entry, wrong type) and any
// usage error of a name parser (an unknown cell, scaling, ...) becomes one lstmkit::Error at `source`.
template <typename Read>
auto parse_config(const std::string& text, const std::string& source, Read read) {
  try {
    return read(nlohmann::json::parse(text));
  } catch (const nlohmann::json::exception& e) {  // its message may quote the file's bytes
    throw Error(source, "unreadable model config (" + text::printable(e.what(), 200) + ")", kDamagedConfigHint);
  } catch (const UsageError& e) {  // e.g. an unknown cell name, quoted from the file
    throw Error(source, "model config: " + text::printable(e.what_is_wrong(), 200), kDamagedConfigHint);
  }
}

}  // namespace lstmkit::models
