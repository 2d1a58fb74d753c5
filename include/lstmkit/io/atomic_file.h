#pragma once
// Crash-safe replacement of a file, so a crash or a full disk never leaves a half-written checkpoint.
#include <cstddef>
#include <filesystem>
#include <span>

namespace lstmkit::io {

// Writes the concatenation of `pieces` to `path`: the bytes go to `path` + ".tmp", which is fsync'd and
// renamed over `path`; then the directory is fsync'd so that the rename itself survives a power cut.
// On failure (directory missing or not writable, disk full, `path` is a directory, ...) throws
// lstmkit::Error with where = `path`; the .tmp is removed and an existing `path` keeps its old contents.
void write_file_atomically(const std::filesystem::path& path,
                           std::span<const std::span<const std::byte>> pieces);

}  // namespace lstmkit::io
