#include "lstmkit/jobs/interrupted.h"

#include "lstmkit/train/interrupt.h"

namespace lstmkit::jobs {

Interrupted::Interrupted()
    : Error("", "interrupted before the end", "what was written before is complete; run it again to finish") {}

void stop_if_interrupted() {
  if (train::interrupt_requested()) throw Interrupted();
}

}  // namespace lstmkit::jobs
