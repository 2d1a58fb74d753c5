#include "lstmkit/io/checkpoint.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>

#include "lstmkit/error.h"

namespace lstmkit::io {

namespace {

constexpr char kConfigHint[] =
    "the checkpoint was written for a different model configuration: use the options it was trained with";
constexpr char kDamagedHint[] =
    "its config does not describe its own tensors: the file is damaged or was altered; restore it from "
    "last.safetensors or retrain";

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

// The file's tensor of each expected name and shape, in the order of `expected`; `expecting` says whose
// shapes they are. TensorInfo (a header) and Tensor (a read file) both have name and shape.
template <typename FileTensor, typename Expected>
std::vector<const FileTensor*> match_tensors(const std::vector<FileTensor>& file, const std::vector<Expected>& expected,
                                             const std::string& where, const std::string& expecting,
                                             const char* hint) {
  std::vector<const FileTensor*> found;
  for (const Expected& want : expected) {
    const auto it = std::find_if(file.begin(), file.end(), [&](const FileTensor& t) { return t.name == want.name; });
    if (it == file.end())
      throw Error(where, "tensor '" + want.name + "' " + shape_to_string(want.shape) + " is missing", hint);
    if (it->shape != want.shape)
      throw Error(where, "tensor '" + want.name + "' has shape " + shape_to_string(it->shape) + ", " + expecting + " " +
                             shape_to_string(want.shape),
                  hint);
    found.push_back(&*it);
  }
  return found;
}

}  // namespace

void check_tensor_table(const SafetensorsHeader& header, const std::vector<nn::ParamShape>& expected,
                        const std::string& source) {
  match_tensors(header.tensors, expected, source, "its config implies", kDamagedHint);
}

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

SafetensorsHeader Checkpoint::read_header(const std::filesystem::path& path) {
  SafetensorsHeader header = read_safetensors_header(path);
  check_format(path.string(), header.metadata);
  return header;
}

Metadata Checkpoint::read_metadata(const std::filesystem::path& path) { return read_header(path).metadata; }

Checkpoint Checkpoint::load(const std::filesystem::path& path, nn::Parameters& params) {
  const std::string where = path.string();
  SafetensorsFile file = read_safetensors(path);
  check_format(where, file.metadata);

  // Check every parameter before copying any, so a failed load leaves the model as it was.
  const std::vector<const Tensor*> sources =
      match_tensors(file.tensors, params.views(), where, "the model expects", kConfigHint);
  // A tied tensor is stored under each of its names (Parameters::tie): the copies must agree.
  for (nn::ParamId a = 0; a < sources.size(); ++a)
    for (nn::ParamId b = 0; b < a; ++b)
      if (params.view(a).offset == params.view(b).offset &&
          std::memcmp(sources[a]->data.data(), sources[b]->data.data(), params.view(a).size * sizeof(float)) != 0)
        throw Error(where, "tensors '" + params.view(b).name + "' and '" + params.view(a).name +
                               "' are tied in the model but differ in the file",
                    "store the same values under both names (the file was altered)");
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

}  // namespace lstmkit::io
