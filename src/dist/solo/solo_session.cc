// The Session of a build without MPI: there is only the one-rank world.
#include <cstdlib>

#include "lstmkit/dist/session.h"
#include "lstmkit/error.h"

namespace lstmkit::dist {

struct Session::Impl {};

Session::Session() {
  if (launched_job_size() > 1)
    throw Error("mpirun", "this lstmkit was built without MPI, so its " + std::to_string(launched_job_size()) +
                              " processes would each train alone and overwrite each other's files",
                "rebuild with -DLSTMKIT_MPI=ON (needs libopenmpi-dev), or run without mpirun");
}

Session::~Session() = default;

bool Session::active() const { return false; }

void Session::abort(int code) { std::exit(code); }

}  // namespace lstmkit::dist
