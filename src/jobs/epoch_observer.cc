#include "epoch_observer.h"

#include <cctype>

namespace lstmkit::jobs {

EpochObserver::EpochObserver(train::Reporter& inner, const LastValidation& last,
                             std::function<void(const TrainEpoch&)> on_epoch)
    : inner_(inner), last_validation_(last), on_epoch_(std::move(on_epoch)), start_(std::chrono::steady_clock::now()) {}

void EpochObserver::progress(const train::Progress& p) {
  last_ = p;
  inner_.progress(p);
}

void EpochObserver::note(const std::string& line) {
  inner_.note(line);
  const bool epoch_line = line.rfind("epoch ", 0) == 0 && line.size() > 6 && std::isdigit(static_cast<unsigned char>(line[6]));
  if (!on_epoch_ || !epoch_line) return;
  TrainEpoch e;
  e.epoch = last_.epoch;
  e.epochs = last_.epochs;
  e.step = last_.step;
  e.loss = last_.train_loss;
  e.val_loss = last_validation_.loss;
  e.metrics = last_validation_.metrics;
  // The Trainer marks the epoch that kept model.safetensors by its own criterion (loss or a metric).
  e.best = line.find("(best, saved)") != std::string::npos;
  e.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  e.lr = last_.lr;
  on_epoch_(e);
}

}  // namespace lstmkit::jobs
