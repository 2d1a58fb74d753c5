#include "lstmkit/jobs/ts_train_defaults.h"

#include "lstmkit/optim/config.h"

namespace lstmkit::jobs {

TsTrainConfig default_ts_train_config() {
  TsTrainConfig c;
  c.shape.cell = nn::CellKind::lstm;
  c.shape.hidden = 50;
  c.shape.layers = 1;
  c.trainer.epochs = 100;
  c.trainer.optimizer = optim::default_config(optim::OptimizerKind::rmsprop);
  c.trainer.optimizer.lr = 1e-3;
  c.trainer.schedule.lr = c.trainer.optimizer.lr;
  // Clipping is a guard for long sequences (a tanh RNN on the adding problem), not a Keras default.
  c.trainer.clip = 5.0;
  // Plateau (Keras' ReduceLROnPlateau: ×0.1 after 10 epochs without a better validation loss) rather than
  // the other jobs' constant rate: at a constant 1e-3 RMSprop's steps keep the weights jittering, which a
  // one-step forecast hides but a closed loop amplifies (sine, 200 steps: RMSE 0.27 at a constant rate,
  // 0.0012 with the plateau schedule).
  c.trainer.schedule.kind = optim::ScheduleKind::plateau;
  // Any lower validation loss counts. Keras' min_delta of 1e-4 is absolute: once a model's scaled MSE is
  // below about 1e-3 nothing counts, and the rate is cut every 10 epochs however well training goes
  // (Lorenz, window 40: 20 times better than persistence with 1e-4, 54 times with 0).
  c.trainer.schedule.plateau.min_delta = 0;
  // Early stopping after two plateau reductions' worth of validations, so that a run on a small series
  // stops once a lower rate no longer helps rather than running out its epochs (Keras users pair
  // EarlyStopping with ReduceLROnPlateau the same way).
  c.trainer.patience = 20;
  c.spec.window = {80, 1, false, 1};
  c.batch = 0;
  return c;
}

}  // namespace lstmkit::jobs
