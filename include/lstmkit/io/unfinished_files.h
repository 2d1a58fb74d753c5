#pragma once
// Files and directories a write is building (a checkpoint's .tmp, a plot's scratch directory) are
// registered here while they exist, so that a program ended on the spot — a second Ctrl-C — can remove
// them first and leave nothing half-written behind. The signal watcher (train/interrupt.h) calls
// remove_unfinished_files() from its own thread, not from a signal handler, so it may use the file system.
#include <filesystem>

namespace lstmkit::io {

// Registers `path` for as long as it lives; removing it (recursively) is still the owner's job otherwise.
class UnfinishedFile {
 public:
  explicit UnfinishedFile(std::filesystem::path path);
  ~UnfinishedFile();
  UnfinishedFile(const UnfinishedFile&) = delete;
  UnfinishedFile& operator=(const UnfinishedFile&) = delete;

 private:
  std::filesystem::path path_;
};

// Removes everything registered now. Errors are ignored: the program is about to end.
void remove_unfinished_files();

}  // namespace lstmkit::io
