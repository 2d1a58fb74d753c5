#include "lstmkit/io/safetensors.h"

#include <array>
#include <span>

#include <nlohmann/json.hpp>

#include "lstmkit/error.h"
#include "lstmkit/io/atomic_file.h"
#include "lstmkit/io/crc32.h"

namespace lstmkit::io {

namespace {

using Json = nlohmann::ordered_json;  // keeps "__metadata__" first and tensors in data order, as safetensors does

constexpr char kNameHint[] = "give every tensor a unique name other than __metadata__";

uint64_t element_count(const std::string& where, const TensorRef& t) {
  uint64_t count = 1;
  for (int64_t d : t.shape) {
    if (d < 0)
      throw Error(where, "tensor '" + t.name + "' has a negative dimension in shape " + shape_to_string(t.shape),
                  "dimensions must be zero or more");
    count *= static_cast<uint64_t>(d);
  }
  if (count > 0 && t.data == nullptr)
    throw Error(where, "tensor '" + t.name + "' has no data", "pass a pointer to its values");
  return count;
}

}  // namespace

void write_safetensors(const std::filesystem::path& path, const std::vector<TensorRef>& tensors,
                       const Metadata& metadata) {
  const std::string where = path.string();
  Json header = Json::object();
  header["__metadata__"] = Json::object();  // filled once the CRC is known; the key stays first

  std::array<std::byte, 8> length{};
  std::vector<std::span<const std::byte>> pieces{length, {}};  // [length, header, tensor data...]
  std::vector<TensorInfo> table;  // what header_crc32 covers besides the metadata
  uint64_t offset = 0;
  uint32_t crc = 0;
  for (const TensorRef& t : tensors) {
    if (t.name == "__metadata__") throw Error(where, "a tensor is named __metadata__", kNameHint);
    if (header.contains(t.name)) throw Error(where, "two tensors are named '" + t.name + "'", kNameHint);
    const uint64_t bytes = element_count(where, t) * sizeof(float);
    header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
    table.push_back({t.name, t.shape, offset, offset + bytes});
    pieces.push_back(std::as_bytes(std::span(t.data, bytes / sizeof(float))));
    crc = crc32(t.data, bytes, crc);
    offset += bytes;
  }
  Metadata with_crcs = metadata;
  with_crcs[kDataCrcKey] = crc32_to_hex(crc);

  std::string header_text;
  try {
    with_crcs[kHeaderCrcKey] = crc32_to_hex(header_crc32(with_crcs, table));  // last: it covers data_crc32
    header["__metadata__"] = with_crcs;
    header_text = header.dump();
  } catch (const Json::type_error&) {
    throw Error(where, "a tensor name or metadata entry is not valid UTF-8", "pass UTF-8 text");
  }
  // Space padding to a multiple of 8 puts the data section (at 8 + N) on an 8-byte boundary.
  header_text.append((8 - header_text.size() % 8) % 8, ' ');
  for (size_t i = 0; i < length.size(); ++i)
    length[i] = static_cast<std::byte>((uint64_t{header_text.size()} >> (8 * i)) & 0xFFu);
  pieces[1] = std::as_bytes(std::span(header_text));
  write_file_atomically(path, pieces);
}

}  // namespace lstmkit::io
