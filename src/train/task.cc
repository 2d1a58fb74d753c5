#include "lstmkit/train/task.h"

#include "lstmkit/error.h"

namespace lstmkit::train {

void TrainTask::set_shard(const dist::Shard& shard) {
  if (shard.ranks > 1)
    throw Error("mpirun", "this kind of model cannot be trained on several processes", "run it without mpirun");
}

}  // namespace lstmkit::train
