#include "lstmkit/io/unfinished_files.h"

#include <algorithm>
#include <mutex>
#include <system_error>
#include <vector>

namespace lstmkit::io {

namespace fs = std::filesystem;

namespace {

std::mutex g_mutex;
std::vector<fs::path>& registered() {
  static std::vector<fs::path> paths;
  return paths;
}

}  // namespace

UnfinishedFile::UnfinishedFile(fs::path path) : path_(std::move(path)) {
  const std::lock_guard lock(g_mutex);
  registered().push_back(path_);
}

UnfinishedFile::~UnfinishedFile() {
  const std::lock_guard lock(g_mutex);
  auto& paths = registered();
  const auto it = std::find(paths.rbegin(), paths.rend(), path_);
  if (it != paths.rend()) paths.erase(std::next(it).base());
}

void remove_unfinished_files() {
  const std::lock_guard lock(g_mutex);
  for (const fs::path& path : registered()) {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  registered().clear();
}

}  // namespace lstmkit::io
