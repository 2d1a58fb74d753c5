#include "lstmkit/dist/startup.h"

#include <optional>

namespace lstmkit::dist {

namespace {

bool reported = false;

// One report per rank, gathered by all: "" when ready, else "<status>\n<message>".
std::optional<StartupFailure> report(Communicator& comm, const std::string& mine) {
  reported = true;
  const std::vector<std::string> all = comm.all_gather(mine);
  for (size_t r = 0; r < all.size(); ++r) {
    if (all[r].empty()) continue;
    const size_t newline = all[r].find('\n');
    return StartupFailure{static_cast<int>(r), std::stoi(all[r].substr(0, newline)), all[r].substr(newline + 1)};
  }
  return std::nullopt;
}

}  // namespace

bool startup_reported() { return reported; }

void ready_to_train(Communicator& comm) {
  if (comm.size() == 1) return;
  if (std::optional<StartupFailure> f = report(comm, "")) throw StartupFailed(std::move(*f));
}

StartupFailure failed_to_start(Communicator& comm, int status, const std::string& message) {
  if (comm.size() == 1) return {0, status, message};
  return report(comm, std::to_string(status) + "\n" + message).value();
}

}  // namespace lstmkit::dist
