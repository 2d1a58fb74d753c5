#include "lstmkit/train/task.h"

#include "lstmkit/error.h"

namespace lstmkit::train {

void TrainTask::set_shard(const dist::Shard& shard) {
  if (shard.ranks > 1)
    throw Error("mpirun", "this kind of model cannot be trained on several processes", "run it without mpirun");
}

void TrainTask::set_label_smoothing(double epsilon) {
  if (epsilon != 0)
    throw UsageError("`label_smoothing`", "this kind of model has no classification loss to smooth",
                     "leave `label_smoothing` out");
}

}  // namespace lstmkit::train
