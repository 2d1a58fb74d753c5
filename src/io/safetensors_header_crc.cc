// header_crc32: the CRC of a canonical text of the header's content (safetensors.h), shared by the
// writer, which records it, and the reader, which checks it.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "lstmkit/io/crc32.h"
#include "lstmkit/io/safetensors.h"

namespace lstmkit::io {

std::string canonical_header_text(const Metadata& metadata, const std::vector<TensorInfo>& tensors) {
  nlohmann::json entries = nlohmann::json::object();  // a sorted map, as Metadata is
  for (const auto& [key, value] : metadata)
    if (key != kHeaderCrcKey) entries[key] = value;
  std::vector<const TensorInfo*> by_name;
  for (const TensorInfo& t : tensors) by_name.push_back(&t);
  std::sort(by_name.begin(), by_name.end(), [](const TensorInfo* a, const TensorInfo* b) { return a->name < b->name; });
  nlohmann::json table = nlohmann::json::array();
  for (const TensorInfo* t : by_name) table.push_back({t->name, "F32", t->shape, {t->begin, t->end}});
  return nlohmann::json{{"metadata", std::move(entries)}, {"tensors", std::move(table)}}.dump();
}

uint32_t header_crc32(const Metadata& metadata, const std::vector<TensorInfo>& tensors) {
  const std::string text = canonical_header_text(metadata, tensors);
  return crc32(text.data(), text.size());
}

}  // namespace lstmkit::io
