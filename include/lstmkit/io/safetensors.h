#pragma once
// safetensors files — the checkpoint format — so that Python's `safetensors.torch.load_file`, or plain
// json + numpy, reads what lstmkit writes:
//   [8 bytes: little-endian u64 N][N bytes: JSON header, space-padded to a multiple of 8][data section]
// The header maps each tensor name to {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]} (byte
// offsets into the data section, end exclusive) and "__metadata__" to a map of strings to strings.
// The padding keeps the data section 8-byte aligned, as the safetensors library does.
//
// Reading is as strict as the safetensors library: the tensors must tile the data section exactly — no
// overlaps, no gaps, no trailing bytes — so every file lstmkit accepts is one Python accepts too, and a
// truncated or concatenated file is caught even when it carries no CRC.
#include <bit>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace lstmkit::io {

static_assert(std::endian::native == std::endian::little,
              "safetensors stores little-endian F32: a big-endian host needs byte swapping here");

using Metadata = std::map<std::string, std::string>;

// Metadata key of the CRC-32 (8 lower-case hex digits) of the whole data section.
inline constexpr char kDataCrcKey[] = "data_crc32";
// Metadata key of the CRC-32 (8 lower-case hex digits) of the header's content: canonical_header_text().
// The data CRC alone would let a changed vocabulary token or scaler offset load silently.
inline constexpr char kHeaderCrcKey[] = "header_crc32";

// A tensor to write; `data` holds product(shape) floats, row-major, and must stay valid during the call.
struct TensorRef {
  std::string name;
  std::vector<int64_t> shape;
  const float* data = nullptr;
};

// A tensor read from a file.
struct Tensor {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> data;  // product(shape) floats, row-major
};

// One header entry: where a tensor's bytes lie in the data section.
struct TensorInfo {
  std::string name;
  std::vector<int64_t> shape;
  uint64_t begin = 0, end = 0;  // byte offsets into the data section, end exclusive
};

struct SafetensorsHeader {
  std::vector<TensorInfo> tensors;  // in file order (ascending offsets)
  Metadata metadata;
  uint64_t data_offset = 0;  // file offset of the data section: 8 + N
  uint64_t data_size = 0;    // bytes in the data section
};

struct SafetensorsFile {
  std::vector<Tensor> tensors;  // in file order
  Metadata metadata;
};

// Writes `tensors` (data in the given order) and `metadata` to `path` atomically (see atomic_file.h).
// Adds `data_crc32` and then `header_crc32`, replacing any values passed in. Throws lstmkit::Error (where = path) on duplicate or
// reserved ("__metadata__") names, negative dimensions, text that is not UTF-8, or a failed write.
void write_safetensors(const std::filesystem::path& path, const std::vector<TensorRef>& tensors,
                       const Metadata& metadata);

// Reads and checks the header only — every structural check and `header_crc32` when present, but no
// data and so no data CRC — e.g. to read a model's configuration before building it.
// Throws lstmkit::Error (where = path).
SafetensorsHeader read_safetensors_header(const std::filesystem::path& path);

// Reads the whole file: the header checks, then the data, whose CRC is verified when `data_crc32` is
// present. Files written by other tools have neither CRC; whether one is required is the caller's
// choice (checkpoint.h requires both). Throws lstmkit::Error (where = path).
SafetensorsFile read_safetensors(const std::filesystem::path& path);

// What header_crc32 covers, as compact JSON that Python's json.dumps(..., sort_keys=True,
// separators=(",", ":"), ensure_ascii=False) reproduces:
//   {"metadata":{every entry but header_crc32, sorted by key},
//    "tensors":[[name,"F32",shape,[begin,end]], ... sorted by name]}
// It is what the header means, not how it is spelt: spacing, key order and padding do not count, any
// change that still parses does.
std::string canonical_header_text(const Metadata& metadata, const std::vector<TensorInfo>& tensors);
uint32_t header_crc32(const Metadata& metadata, const std::vector<TensorInfo>& tensors);

// The tensor called `name`, or nullptr.
const Tensor* find_tensor(const std::vector<Tensor>& tensors, const std::string& name);

// "[160, 65]" — shapes in error messages.
std::string shape_to_string(const std::vector<int64_t>& shape);

}  // namespace lstmkit::io
