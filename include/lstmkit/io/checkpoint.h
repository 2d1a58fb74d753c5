#pragma once
// A model checkpoint: one safetensors file (see safetensors.h) holding the model's parameter tensors under
// their PyTorch names, optional extra tensors (optimiser moments, named "optim.*"), and string metadata
// (DESIGN.md: kind, config, vocab, train_state, ...). This layer sets and checks `format` and
// `format_version` and requires both CRCs, which the safetensors layer writes and verifies:
// `header_crc32` (metadata and tensor table) and `data_crc32`.
#include <filesystem>
#include <vector>

#include "lstmkit/io/safetensors.h"
#include "lstmkit/nn/parameters.h"

namespace lstmkit::io {

inline constexpr char kCheckpointFormat[] = "lstmkit-checkpoint";
// The one version this build reads and the one it writes. 2: header_crc32 added, both CRCs required;
// a version-1 file is refused, as nothing vouches for its header.
inline constexpr int kCheckpointFormatVersion = 2;

// The value of metadata `key`; a missing key is an Error at `source` whose hint says the file is not an
// lstmkit `model` (e.g. "language model"), the mistake a user most likely made.
const std::string& require_metadata(const Metadata& metadata, const std::string& key, const std::string& source,
                                    const std::string& model);

// Throws an Error at `source` unless every tensor of `expected` (a model's ParamShapes, from its config)
// is in the header's table with exactly that shape. Costs nothing but the comparison: call it before
// allocating the model, so a config that disagrees with its file never sizes an allocation.
void check_tensor_table(const SafetensorsHeader& header, const std::vector<nn::ParamShape>& expected,
                        const std::string& source);

struct Checkpoint {
  Metadata metadata;          // all of __metadata__, format, format_version and data_crc32 included
  std::vector<Tensor> extra;  // the file's tensors that are not parameters of the model, in file order

  // Writes every tensor of `params`, then `extra` (whose names must differ from the parameters'), with
  // `metadata` plus format and format_version, which replace any values passed in, atomically.
  static void save(const std::filesystem::path& path, const nn::Parameters& params,
                   const std::vector<TensorRef>& extra, Metadata metadata);

  // Reads the header only, after checking the file is an lstmkit checkpoint of a version this build
  // reads, with both CRCs recorded and the header's verified — so a caller can check the model that
  // `config` describes against the tensor table (check_tensor_table) before building it and calling
  // load(). The data and its CRC are not read.
  static SafetensorsHeader read_header(const std::filesystem::path& path);
  // read_header(path).metadata.
  static Metadata read_metadata(const std::filesystem::path& path);

  // Reads and verifies the whole file, then copies each tensor of `params` in from the file's tensor of
  // the same name, which must exist with exactly the same shape, and calls params.mark_updated().
  // Throws lstmkit::Error (where = path) before changing anything when a check fails.
  static Checkpoint load(const std::filesystem::path& path, nn::Parameters& params);
};

}  // namespace lstmkit::io
