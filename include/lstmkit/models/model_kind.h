#pragma once
// The three kinds of model a checkpoint holds. A checkpoint names its kind in the "kind" metadata as the
// strings DESIGN.md gives ("lm", "s2s", "ts"); everywhere else the kind is this enum, read from a file
// by one function, so no command compares metadata strings of its own.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "lstmkit/io/safetensors.h"

namespace lstmkit::models {

enum class ModelKind { lm, s2s, ts };

inline constexpr char kKindKey[] = "kind";  // the metadata entry

// "lm", "s2s", "ts": the checkpoint's spelling.
std::string kind_name(ModelKind kind);
// The inverse of kind_name; nullopt for any other string.
std::optional<ModelKind> parse_model_kind(std::string_view name);
// What an error calls it: "language model", "sequence-to-sequence model", "time-series model".
std::string kind_description(ModelKind kind);

// The kind the metadata names. Throws lstmkit::Error at `source` when "kind" is missing or unknown.
ModelKind model_kind(const io::Metadata& metadata, const std::string& source);
// The kind of the checkpoint at `path`, from its header alone (checked as io::Checkpoint::read_header
// checks it). Throws lstmkit::Error at the file when it is not a readable lstmkit checkpoint.
ModelKind read_model_kind(const std::filesystem::path& path);
// Throws lstmkit::Error at `source` unless the metadata names `expected`: the file holds another kind of
// model (or none) than the caller can use.
void require_kind(const io::Metadata& metadata, ModelKind expected, const std::string& source);

}  // namespace lstmkit::models
