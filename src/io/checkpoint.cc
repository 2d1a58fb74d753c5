#include "lstmkit/io/checkpoint.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "lstmkit/error.h"

namespace lstmkit::io {

namespace {

constexpr char kConfigHint[] =
    "the checkpoint was written for a different model configuration: use the options it was trained with";

void check_format(const std::string& where, const Metadata& metadata) {
  const auto format = metadata.find("format");
  if (format == metadata.end() || format->second != kCheckpointFormat)
    throw Error(where, "not an lstmkit checkpoint (__metadata__ format is \"" +
                           (format == metadata.end() ? std::string() : format->second) + "\", not \"" +
                           kCheckpointFormat + "\")",
                "pass a .safetensors file written by lstmkit");
  const auto version = metadata.find("format_version");
  const std::string text = version == metadata.end() ? std::string() : version->second;
  int number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || number < 1)
    throw Error(where, "format_version \"" + text + "\" is not a positive integer",
                "the file is damaged: restore it from last.safetensors or retrain");
  if (number > kCheckpointFormatVersion)
    throw Error(where, "checkpoint format_version " + text + " is newer than this build reads (" +
                           std::to_string(kCheckpointFormatVersion) + ")",
                "upgrade lstmkit");
  if (number < kCheckpointFormatVersion)
    throw Error(where, "checkpoint format_version " + text + " predates verified headers (" + kHeaderCrcKey +
                           "), so a damaged header could not be told from a good one",
                "retrain the model with this lstmkit, or use the lstmkit that wrote it");
  // The reader verifies each CRC only when the file records it; lstmkit's own files must record both.
  for (const char* key : {kHeaderCrcKey, kDataCrcKey})
    if (!metadata.count(key))
      throw Error(where, std::string("no ") + key + " in the metadata of an lstmkit checkpoint",
                  "the file is damaged or was altered: restore it from last.safetensors or retrain");
}

}  // namespace

void Checkpoint::save(const std::filesystem::path& path, const nn::Parameters& params,
                      const std::vector<TensorRef>& extra, Metadata metadata) {
  std::vector<TensorRef> tensors;
  tensors.reserve(params.views().size() + extra.size());
  for (nn::ParamId id = 0; id < params.views().size(); ++id)
    tensors.push_back({params.view(id).name, params.view(id).shape, params.value(id)});
  tensors.insert(tensors.end(), extra.begin(), extra.end());
  metadata["format"] = kCheckpointFormat;
  metadata["format_version"] = std::to_string(kCheckpointFormatVersion);
  write_safetensors(path, tensors, metadata);
}

Metadata Checkpoint::read_metadata(const std::filesystem::path& path) {
  SafetensorsHeader header = read_safetensors_header(path);
  check_format(path.string(), header.metadata);
  return std::move(header.metadata);
}

Checkpoint Checkpoint::load(const std::filesystem::path& path, nn::Parameters& params) {
  const std::string where = path.string();
  SafetensorsFile file = read_safetensors(path);
  check_format(where, file.metadata);

  // Check every parameter before copying any, so a failed load leaves the model as it was.
  std::vector<const Tensor*> sources;
  for (const nn::ParamView& view : params.views()) {
    const Tensor* t = find_tensor(file.tensors, view.name);
    if (t == nullptr)
      throw Error(where, "tensor '" + view.name + "' " + shape_to_string(view.shape) + " is missing", kConfigHint);
    if (t->shape != view.shape)
      throw Error(where, "tensor '" + view.name + "' has shape " + shape_to_string(t->shape) + ", the model expects " +
                             shape_to_string(view.shape),
                  kConfigHint);
    sources.push_back(t);
  }
  for (nn::ParamId id = 0; id < sources.size(); ++id)
    std::copy(sources[id]->data.begin(), sources[id]->data.end(), params.value(id));
  params.mark_updated();

  Checkpoint checkpoint{std::move(file.metadata), {}};
  for (Tensor& t : file.tensors)
    if (std::find(sources.begin(), sources.end(), &t) == sources.end()) checkpoint.extra.push_back(std::move(t));
  return checkpoint;
}

const std::string& require_metadata(const Metadata& metadata, const std::string& key, const std::string& source,
                                    const std::string& model) {
  const auto it = metadata.find(key);
  if (it == metadata.end())
    throw Error(source, "no '" + key + "' metadata", "this file is not an lstmkit " + model);
  return it->second;
}

void require_kind(const Metadata& metadata, const std::string& kind, const std::string& source,
                  const std::string& model) {
  const std::string& found = require_metadata(metadata, "kind", source, model);
  if (found != kind)
    throw Error(source, "is a '" + found + "' model, not a " + model, "use the command for that kind of model");
}

}  // namespace lstmkit::io
