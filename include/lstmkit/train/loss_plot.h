#pragma once
// <out>/loss.png (and loss.svg) from <out>/log.csv: the training loss as a moving average of the batch
// losses, the validation loss where measured, titled with the run's directory and its y axis in the
// loss's unit.
#include <filesystem>
#include <string>
#include <vector>

#include "lstmkit/io/checkpoint.h"
#include "lstmkit/io/plot.h"
#include "lstmkit/train/log_csv.h"
#include "lstmkit/train/reporter.h"

namespace lstmkit::train {

// The y axis for a model of this metadata (kind, config): "cross-entropy (nats per token)" for language
// models and translators; for time series the loss the head trains, "MSE", "pinball loss" or
// "cross-entropy (nats)", with "in scaled units" where a scaler or a target transform applies.
std::string loss_axis_label(const io::Metadata& metadata);

// TensorBoard's smoothing: an exponential moving average with weight `weight` in [0, 1), debiased so
// that it starts at the first value rather than at 0. Non-finite values are skipped (they keep the
// average) and come back as they were.
std::vector<double> moving_average(const std::vector<double>& ys, double weight);

// The plot of `rows`: the batch losses smoothed over about 1/50 of the run (a running mean of each
// epoch, which restarts and so plunges at every epoch boundary, is not drawn), the validation loss.
// Logs of earlier versions, without batch losses, show their running means.
io::PlotSpec loss_plot_spec(const std::vector<LogRow>& rows, const std::string& run, const std::string& y_label);

// Redraws <out>/loss.png and loss.svg from <out>/log.csv. Without gnuplot there is no plot and no
// complaint; a gnuplot that fails is reported as a note.
void plot_loss_curves(const std::filesystem::path& out, const std::string& y_label, Reporter& reporter);

}  // namespace lstmkit::train
