#include "lstmkit/models/model_kind.h"

#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::models {

namespace {
constexpr ModelKind kKinds[] = {ModelKind::lm, ModelKind::s2s, ModelKind::ts};
}  // namespace

std::string kind_name(ModelKind kind) {
  switch (kind) {
    case ModelKind::lm: return "lm";
    case ModelKind::s2s: return "s2s";
    case ModelKind::ts: return "ts";
  }
  return "";
}

std::optional<ModelKind> parse_model_kind(std::string_view name) {
  for (const ModelKind kind : kKinds)
    if (kind_name(kind) == name) return kind;
  return std::nullopt;
}

std::string kind_description(ModelKind kind) {
  switch (kind) {
    case ModelKind::lm: return "language model";
    case ModelKind::s2s: return "sequence-to-sequence model";
    case ModelKind::ts: return "time-series model";
  }
  return "";
}

ModelKind model_kind(const io::Metadata& metadata, const std::string& source) {
  const std::string& name = io::require_metadata(metadata, kKindKey, source, "model checkpoint");
  const std::optional<ModelKind> kind = parse_model_kind(name);
  if (!kind)
    throw Error(source, "holds a model of unknown kind '" + text::printable(name) + "'",
                "lstmkit reads kinds 'lm', 's2s' and 'ts'; the file is damaged or was not written by lstmkit");
  return *kind;
}

ModelKind read_model_kind(const std::filesystem::path& path) {
  return model_kind(io::Checkpoint::read_metadata(path), path.string());
}

void require_kind(const io::Metadata& metadata, ModelKind expected, const std::string& source) {
  const std::string model = kind_description(expected);
  const std::string& found = io::require_metadata(metadata, kKindKey, source, model);
  if (found != kind_name(expected))
    throw Error(source, "is a '" + text::printable(found) + "' model, not a " + model,
                "use the command for that kind of model");
}

}  // namespace lstmkit::models
