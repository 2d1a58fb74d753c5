#pragma once
// For the Session implementations only: which communicator world() returns.
#include "lstmkit/dist/communicator.h"

namespace lstmkit::dist {

// `comm` becomes world() until the next call; nullptr restores the one-rank world.
void install_world(Communicator* comm);

}  // namespace lstmkit::dist
