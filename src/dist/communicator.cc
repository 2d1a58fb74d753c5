#include "lstmkit/dist/communicator.h"

#include "lstmkit/error.h"
#include "world.h"

namespace lstmkit::dist {

namespace {

class OneRank final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void sum(std::span<float>) override {}
  void sum(std::span<double>) override {}
  void max(std::span<double>) override {}
  void broadcast(std::span<double>) override {}
  std::vector<float> all_gather(std::span<const float> mine) override { return {mine.begin(), mine.end()}; }
  std::vector<std::string> all_gather(const std::string& mine) override { return {mine}; }
};

OneRank one_rank;
Communicator* installed = nullptr;

}  // namespace

Communicator& world() { return installed ? *installed : one_rank; }

void install_world(Communicator* comm) { installed = comm; }

bool any(Communicator& comm, bool mine) {
  double flag = mine ? 1.0 : 0.0;
  comm.max(std::span<double>(&flag, 1));
  return flag > 0;
}

void check_same(Communicator& comm, uint32_t mine, const std::string& where) {
  // max(x) == −max(−x) exactly when every rank holds x; a uint32 is exact in a double.
  double both[2] = {static_cast<double>(mine), -static_cast<double>(mine)};
  comm.max(both);
  if (both[0] != -both[1])
    throw Error(where, "the ranks' weights differ (checksums " + std::to_string(static_cast<uint32_t>(-both[1])) +
                           " … " + std::to_string(static_cast<uint32_t>(both[0])) + ")",
                "this is a bug in lstmkit's data-parallel training; please report it with the command line");
}

}  // namespace lstmkit::dist
