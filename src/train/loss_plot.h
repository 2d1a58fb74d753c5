#pragma once
#include <filesystem>

#include "lstmkit/train/reporter.h"

namespace lstmkit::train {

// Redraws <out>/loss.png from <out>/log.csv: training loss per step, validation loss where measured.
// Without gnuplot there is no plot and no complaint; a gnuplot that fails is reported as a note.
void plot_loss_curves(const std::filesystem::path& out, Reporter& reporter);

}  // namespace lstmkit::train
