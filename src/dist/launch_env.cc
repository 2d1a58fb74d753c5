#include <cstdlib>
#include <string>

#include "lstmkit/dist/session.h"

namespace lstmkit::dist {

namespace {
constexpr const char* kRankVariables[] = {"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "PMIX_RANK",
                                          "PMI_RANK", "PMI_SIZE"};
constexpr const char* kSizeVariables[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"};
}  // namespace

bool launched_as_rank() {
  for (const char* name : kRankVariables)
    if (std::getenv(name)) return true;
  return false;
}

int launched_job_size() {
  for (const char* name : kSizeVariables)
    if (const char* value = std::getenv(name)) {
      try {
        const int n = std::stoi(value);
        if (n > 1) return n;
      } catch (const std::exception&) {
        // A launcher's garbled variable tells nothing: the job is taken as one process.
      }
    }
  return 1;
}

}  // namespace lstmkit::dist
