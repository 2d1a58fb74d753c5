#include "model_file.h"

#include "config_json.h"
#include "lstmkit/error.h"

namespace lstmkit::models {

ModelFile::ModelFile(std::filesystem::path path, ModelKind kind)
    : path_(std::move(path)), source_(path_.string()), kind_(kind), header_(io::Checkpoint::read_header(path_)) {
  require_kind(header_.metadata, kind_, source_);
}

const std::string& ModelFile::require(const std::string& key) const {
  return io::require_metadata(header_.metadata, key, source_, kind_description(kind_));
}

text::Vocab ModelFile::vocab(const std::string& key) const {
  return text::Vocab::from_json(require(key), source_ + " (" + key + ")");
}

void ModelFile::check_tensors(const std::function<std::vector<nn::ParamShape>()>& shapes) const {
  std::vector<nn::ParamShape> expected;
  try {
    expected = shapes();
  } catch (const Error& e) {
    // The config's own keys, not settings a front end would spell as its options.
    const auto key = [](std::string_view field) { return std::string(field); };
    throw Error(source_, "model config: " + name_settings(e.where() + ": " + e.what_is_wrong(), key), kDamagedConfigHint);
  }
  io::check_tensor_table(header_, expected, source_);
}

}  // namespace lstmkit::models
