// Fuzzes the checkpoint reader: a file's bytes go through io::read_safetensors_header,
// io::read_safetensors (header checks, data, CRC) and io::Checkpoint::read_metadata, then the vocabulary
// a checkpoint's metadata carries. Seeds: real checkpoints written by `lstmkit train-*` (corpus/checkpoint).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/io/safetensors.h"
#include "lstmkit/text/vocab.h"

namespace {

// Every tensor the reader returns is inside the file and holds what its shape says.
void check_file(const lstmkit::io::SafetensorsFile& file, size_t file_size) {
  uint64_t floats = 0;
  for (const lstmkit::io::Tensor& t : file.tensors) {
    uint64_t elements = 1;
    for (int64_t d : t.shape) {
      FUZZ_CHECK(d >= 0);
      elements *= static_cast<uint64_t>(d);
    }
    FUZZ_CHECK(t.data.size() == elements);
    floats += elements;
  }
  FUZZ_CHECK(floats * sizeof(float) <= file_size);
}

void check_header(const lstmkit::io::SafetensorsHeader& header, size_t file_size) {
  FUZZ_CHECK(header.data_offset >= 8 && header.data_offset <= file_size);
  FUZZ_CHECK(header.data_size == file_size - header.data_offset);
  for (const lstmkit::io::TensorInfo& t : header.tensors) {
    FUZZ_CHECK(t.begin <= t.end && t.end <= header.data_size);
    uint64_t elements = 1;
    for (int64_t d : t.shape) {
      FUZZ_CHECK(d >= 0);
      elements *= static_cast<uint64_t>(d);
    }
    FUZZ_CHECK(t.end - t.begin == elements * sizeof(float));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static lstmkit::fuzz::MemFile file;
  const std::string& path = file.write(std::string_view(reinterpret_cast<const char*>(data), size));

  try {
    check_header(lstmkit::io::read_safetensors_header(path), size);
  } catch (const lstmkit::Error&) {
  }
  try {
    check_file(lstmkit::io::read_safetensors(path), size);
  } catch (const lstmkit::Error&) {
  }
  try {
    const lstmkit::io::Metadata metadata = lstmkit::io::Checkpoint::read_metadata(path);
    for (const char* key : {"vocab", "source_vocab", "target_vocab"}) {
      const auto it = metadata.find(key);
      if (it == metadata.end()) continue;
      try {
        lstmkit::text::Vocab::from_json(it->second, std::string("checkpoint metadata '") + key + "'");
      } catch (const lstmkit::Error&) {
      }
    }
  } catch (const lstmkit::Error&) {
  }
  return 0;
}
