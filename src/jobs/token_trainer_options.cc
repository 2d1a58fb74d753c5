#include "lstmkit/jobs/token_trainer_options.h"

#include "lstmkit/optim/config.h"

namespace lstmkit::jobs {

train::TrainerOptions token_trainer_options() {
  train::TrainerOptions t;
  t.optimizer = optim::default_config(optim::OptimizerKind::adam);
  t.optimizer.lr = 2e-3;
  t.schedule.lr = t.optimizer.lr;
  t.clip = 5.0;
  t.epochs = 20;
  return t;
}

}  // namespace lstmkit::jobs
