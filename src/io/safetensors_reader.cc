#include "lstmkit/io/safetensors.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

#include "lstmkit/error.h"
#include "lstmkit/io/crc32.h"
#include "lstmkit/io/input_file.h"

namespace lstmkit::io {

namespace {

using Json = nlohmann::json;
using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// The safetensors library's own limit: a larger length means the file is not safetensors at all.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;
constexpr char kCorruptHint[] =
    "the file is truncated, damaged or not a safetensors file: restore it from last.safetensors or retrain";

FilePtr open_file(const std::string& where, uint64_t& size) {
  InputFile input = open_input_file(where);
  FilePtr file(::fdopen(input.fd(), "rb"), &std::fclose);
  if (!file) throw Error(where, std::string("cannot read the file: ") + std::strerror(errno), "check the path");
  input.release();  // the FILE owns the descriptor now
  size = input.size();
  return file;
}

// Sizes were checked against the file's size, so a short read means an I/O error or a file that
// changed while being read.
void read_exact(std::FILE* file, void* out, uint64_t bytes, const std::string& where) {
  if (bytes > 0 && std::fread(out, 1, bytes, file) != bytes)
    throw Error(where, std::ferror(file) ? std::string("read failed: ") + std::strerror(errno)
                                         : std::string("the file ended early"),
                "check the disk, and that no other program is writing the file");
}

// A JSON array of non-negative integers that fit in int64, or nothing.
std::optional<std::vector<uint64_t>> uint_list(const Json& json) {
  if (!json.is_array()) return std::nullopt;
  std::vector<uint64_t> values;
  for (const Json& v : json) {
    if (!v.is_number_unsigned() || v.get<uint64_t>() > uint64_t{INT64_MAX}) return std::nullopt;
    values.push_back(v.get<uint64_t>());
  }
  return values;
}

// Bytes an F32 tensor of this shape takes, or nothing on overflow.
std::optional<uint64_t> f32_bytes(const std::vector<uint64_t>& shape) {
  uint64_t bytes = sizeof(float);
  for (uint64_t d : shape)
    if (__builtin_mul_overflow(bytes, d, &bytes)) return std::nullopt;
  return bytes;
}

std::string span_text(uint64_t begin, uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
}

TensorInfo parse_entry(const std::string& where, const std::string& name, const Json& entry, uint64_t data_size) {
  const std::string tensor = "tensor '" + name + "'";
  if (!entry.is_object()) throw Error(where, tensor + ": its header entry is not a JSON object", kCorruptHint);
  for (const char* field : {"dtype", "shape", "data_offsets"})
    if (!entry.contains(field)) throw Error(where, tensor + " has no \"" + field + "\" in the header", kCorruptHint);

  const Json& dtype = entry["dtype"];
  if (!dtype.is_string()) throw Error(where, tensor + ": dtype is not a string", kCorruptHint);
  if (dtype.get<std::string>() != "F32")
    throw Error(where, tensor + " has dtype " + dtype.get<std::string>() + "; lstmkit reads only F32",
                "convert the tensors to float32 before saving (PyTorch: {k: v.float() for k, v in sd.items()})");
  const auto shape = uint_list(entry["shape"]);
  if (!shape) throw Error(where, tensor + ": shape is not a list of non-negative integers", kCorruptHint);
  const auto offsets = uint_list(entry["data_offsets"]);
  if (!offsets || offsets->size() != 2 || (*offsets)[0] > (*offsets)[1])
    throw Error(where, tensor + ": data_offsets is not [begin, end] with begin <= end", kCorruptHint);

  TensorInfo info{name, std::vector<int64_t>(shape->begin(), shape->end()), (*offsets)[0], (*offsets)[1]};
  const auto bytes = f32_bytes(*shape);
  if (!bytes || *bytes != info.end - info.begin)
    throw Error(where, tensor + " of shape " + shape_to_string(info.shape) + " needs " +
                           (bytes ? std::to_string(*bytes) : std::string("too many")) + " bytes of F32, but data_offsets " +
                           span_text(info.begin, info.end) + " hold " + std::to_string(info.end - info.begin),
                kCorruptHint);
  if (info.end > data_size)
    throw Error(where, tensor + ": data_offsets " + span_text(info.begin, info.end) +
                           " reach past the end of the data section (" + std::to_string(data_size) + " bytes)",
                kCorruptHint);
  return info;
}

Metadata parse_metadata(const std::string& where, const Json& json) {
  if (!json.is_object()) throw Error(where, "__metadata__ is not a JSON object", kCorruptHint);
  Metadata metadata;
  for (const auto& [key, value] : json.items()) {
    if (!value.is_string())
      throw Error(where, "__metadata__ value of \"" + key + "\" is a " + value.type_name() + ", not a string",
                  "safetensors metadata maps strings to strings: store other values as JSON text");
    metadata[key] = value.get<std::string>();
  }
  return metadata;
}

// Sorts the tensors by offset and checks that they tile the data section: no overlap, gap or tail.
void check_tiling(const std::string& where, std::vector<TensorInfo>& tensors, uint64_t data_size) {
  std::sort(tensors.begin(), tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
    return std::tie(a.begin, a.end) < std::tie(b.begin, b.end);
  });
  uint64_t covered = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const TensorInfo& t = tensors[i];
    if (t.begin < covered)
      throw Error(where, "tensors '" + tensors[i - 1].name + "' " + span_text(tensors[i - 1].begin, covered) +
                             " and '" + t.name + "' " + span_text(t.begin, t.end) + " overlap",
                  kCorruptHint);
    if (t.begin > covered)
      throw Error(where, "data bytes " + span_text(covered, t.begin) + " belong to no tensor", kCorruptHint);
    covered = t.end;
  }
  if (covered != data_size)
    throw Error(where, std::to_string(data_size - covered) + " bytes of data follow the last tensor", kCorruptHint);
}

// Checks the CRC recorded under `key` (when there is one) against `actual`, the CRC of the file's `part`.
void check_crc(const std::string& where, const Metadata& metadata, const char* key, const char* part,
               uint32_t actual) {
  const auto it = metadata.find(key);
  if (it == metadata.end()) return;
  const std::string& text = it->second;
  uint32_t recorded = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), recorded, 16);
  if (text.size() != 8 || ec != std::errc() || end != text.data() + text.size())
    throw Error(where, std::string(key) + " \"" + text + "\" is not 8 hex digits", kCorruptHint);
  if (recorded != actual)
    throw Error(where, std::string("the file is corrupt: its ") + part + " has CRC-32 " + crc32_to_hex(actual) +
                           " but " + key + " records " + text,
                "restore the checkpoint from last.safetensors, or retrain");
}

SafetensorsHeader parse_header(std::FILE* file, const std::string& where, uint64_t file_size) {
  if (file_size < 8)
    throw Error(where, "the file is " + std::to_string(file_size) + " bytes long, too short for safetensors",
                kCorruptHint);
  unsigned char length[8];
  read_exact(file, length, sizeof length, where);
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | length[i];
  if (n > kMaxHeaderBytes)
    throw Error(where, "header length " + std::to_string(n) + " is over the 100 MB limit: not a safetensors file",
                kCorruptHint);
  if (n > file_size - 8)
    throw Error(where, "header length " + std::to_string(n) + " is larger than the file (" +
                           std::to_string(file_size) + " bytes)",
                kCorruptHint);

  std::string text(n, '\0');
  read_exact(file, text.data(), n, where);
  Json json;
  try {
    json = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw Error(where, "header is not valid JSON (byte " + std::to_string(e.byte) + " of the header)", kCorruptHint);
  } catch (const Json::exception&) {  // a number nlohmann cannot hold, such as 1e400
    throw Error(where, "header is not valid JSON (a number out of range)", kCorruptHint);
  }
  if (!json.is_object()) throw Error(where, "header is not a JSON object", kCorruptHint);

  SafetensorsHeader header;
  header.data_offset = 8 + n;
  header.data_size = file_size - 8 - n;
  for (const auto& [key, value] : json.items()) {
    if (key == "__metadata__")
      header.metadata = parse_metadata(where, value);
    else
      header.tensors.push_back(parse_entry(where, key, value, header.data_size));
  }
  check_tiling(where, header.tensors, header.data_size);
  check_crc(where, header.metadata, kHeaderCrcKey, "header", header_crc32(header.metadata, header.tensors));
  return header;
}

}  // namespace

SafetensorsHeader read_safetensors_header(const std::filesystem::path& path) {
  const std::string where = path.string();
  uint64_t size = 0;
  FilePtr file = open_file(where, size);
  return parse_header(file.get(), where, size);
}

SafetensorsFile read_safetensors(const std::filesystem::path& path) {
  const std::string where = path.string();
  uint64_t size = 0;
  FilePtr file = open_file(where, size);
  SafetensorsHeader header = parse_header(file.get(), where, size);

  SafetensorsFile out;
  out.metadata = std::move(header.metadata);
  uint32_t crc = 0;
  // The tensors tile the data section in this order, so each read continues where the last one stopped.
  for (TensorInfo& t : header.tensors) {
    const uint64_t bytes = t.end - t.begin;
    Tensor tensor{std::move(t.name), std::move(t.shape), std::vector<float>(bytes / sizeof(float))};
    read_exact(file.get(), tensor.data.data(), bytes, where);
    crc = crc32(tensor.data.data(), bytes, crc);
    out.tensors.push_back(std::move(tensor));
  }
  check_crc(where, out.metadata, kDataCrcKey, "data", crc);
  return out;
}

const Tensor* find_tensor(const std::vector<Tensor>& tensors, const std::string& name) {
  const auto it = std::find_if(tensors.begin(), tensors.end(), [&](const Tensor& t) { return t.name == name; });
  return it == tensors.end() ? nullptr : &*it;
}

std::string shape_to_string(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

}  // namespace lstmkit::io
