#pragma once
// The `config` metadata of every model is one JSON object: the stack's entries {"cell", "hidden",
// "layers", "dropout"} beside the model's own. Private to src/models: the public headers stay free of JSON.
#include <nlohmann/json.hpp>
#include <string>

#include "lstmkit/error.h"
#include "lstmkit/models/stack_config.h"

namespace lstmkit::models {

nlohmann::json stack_json(const StackConfig& stack);
void read_stack(const nlohmann::json& j, const std::string& source, StackConfig& stack);

// Parses `text` and returns read(json); any JSON error (malformed text, missing entry, wrong type) becomes
// one lstmkit::Error at `source`.
template <typename Read>
auto parse_config(const std::string& text, const std::string& source, Read read) {
  try {
    return read(nlohmann::json::parse(text));
  } catch (const nlohmann::json::exception& e) {
    throw Error(source, std::string("unreadable model config (") + e.what() + ")",
                "the file is damaged or was not written by lstmkit");
  }
}

}  // namespace lstmkit::models
