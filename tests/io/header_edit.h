#pragma once
// Edits the JSON header of a safetensors file in place, as someone with a text editor would: the data
// section stays byte for byte. `reseal` recomputes header_crc32 afterwards — a deliberate forgery — so
// that the checks behind the header CRC (config against tensors, bounds) can be tested on their own.
// Shared by the io and models tests.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "lstmkit/io/crc32.h"
#include "lstmkit/io/safetensors.h"
#include "support/temp_dir.h"

namespace lstmkit::testing {

using HeaderJson = nlohmann::ordered_json;

inline uint64_t header_length(const std::string& bytes) {
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  return n;
}

// The header's JSON, keys in file order.
inline HeaderJson read_header_json(const std::filesystem::path& path) {
  const std::string bytes = read_bytes(path);
  return HeaderJson::parse(bytes.substr(8, header_length(bytes)));
}

// The header's CRC as the reader computes it, from the JSON alone.
inline std::string header_crc_of(const HeaderJson& header) {
  io::Metadata metadata;
  std::vector<io::TensorInfo> tensors;
  for (const auto& [key, value] : header.items()) {
    if (key == "__metadata__") {
      for (const auto& [k, v] : value.items()) metadata[k] = v.get<std::string>();
      continue;
    }
    const auto offsets = value.at("data_offsets").get<std::vector<uint64_t>>();
    tensors.push_back({key, value.at("shape").get<std::vector<int64_t>>(), offsets.at(0), offsets.at(1)});
  }
  return io::crc32_to_hex(io::header_crc32(metadata, tensors));
}

// Rewrites the header as edit(header) leaves it, keeping the data section; with `reseal` the header CRC is
// recomputed to match the edited header.
inline void edit_header(const std::filesystem::path& path, const std::function<void(HeaderJson&)>& edit,
                        bool reseal = false) {
  const std::string bytes = read_bytes(path);
  const uint64_t n = header_length(bytes);
  HeaderJson header = HeaderJson::parse(bytes.substr(8, n));
  edit(header);
  if (reseal) header["__metadata__"][io::kHeaderCrcKey] = header_crc_of(header);
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  std::string length(8, '\0');
  for (int i = 0; i < 8; ++i) length[i] = static_cast<char>((uint64_t{text.size()} >> (8 * i)) & 0xFFu);
  write_bytes(path, length + text + bytes.substr(8 + n));
}

// Sets one metadata entry (erases it when `value` is null).
inline void edit_metadata(const std::filesystem::path& path, const std::string& key, const HeaderJson& value,
                          bool reseal = false) {
  edit_header(
      path,
      [&](HeaderJson& h) {
        if (value.is_null())
          h["__metadata__"].erase(key);
        else
          h["__metadata__"][key] = value;
      },
      reseal);
}

// Edits the `config` metadata's JSON.
inline void edit_config(const std::filesystem::path& path, const std::function<void(nlohmann::json&)>& edit,
                        bool reseal = true) {
  edit_header(
      path,
      [&](HeaderJson& h) {
        nlohmann::json config = nlohmann::json::parse(h["__metadata__"]["config"].get<std::string>());
        edit(config);
        h["__metadata__"]["config"] = config.dump();
      },
      reseal);
}

}  // namespace lstmkit::testing
