#include "lstmkit/train/loss_plot.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace lstmkit::train {

namespace {

// The smoothing spans about this fraction of the run: enough to read the trend through the batch noise
// of a long run, while a run of a few dozen steps is shown almost as it is.
constexpr double kSmoothingFraction = 1.0 / 50;

std::string ts_loss_label(const io::Metadata& metadata) {
  const auto config = metadata.find("config");
  const nlohmann::json j = config == metadata.end() ? nlohmann::json::object()
                                                    : nlohmann::json::parse(config->second, nullptr, false);
  if (!j.is_object()) return "loss";
  if (j.value("task", "") == "classify") return "cross-entropy (nats)";
  const bool scaled = j.value("scale", "none") != "none" || metadata.count("transform");
  const std::string name = j.contains("quantiles") ? "pinball loss" : "MSE";
  return scaled ? name + " in scaled units" : name;
}

}  // namespace

std::string loss_axis_label(const io::Metadata& metadata) {
  const auto kind = metadata.find("kind");
  if (kind != metadata.end() && kind->second == "ts") return ts_loss_label(metadata);
  return "cross-entropy (nats per token)";
}

std::vector<double> moving_average(const std::vector<double>& ys, double weight) {
  std::vector<double> out;
  out.reserve(ys.size());
  double average = 0, debias = 1;  // debias: weight^(values seen)
  for (double y : ys) {
    if (!std::isfinite(y)) {
      out.push_back(y);
      continue;
    }
    average = weight * average + (1 - weight) * y;
    debias *= weight;
    out.push_back(average / (1 - debias));
  }
  return out;
}

io::PlotSpec loss_plot_spec(const std::vector<LogRow>& rows, const std::string& run, const std::string& y_label) {
  io::PlotSeries val{"validation loss", {}, {}};
  std::vector<double> steps, losses;
  bool running_means = false;
  for (const LogRow& row : rows) {
    if (row.batch_loss || row.train_loss) {
      steps.push_back(static_cast<double>(row.step));
      losses.push_back(row.batch_loss ? *row.batch_loss : *row.train_loss);
      running_means = running_means || !row.batch_loss;
    }
    if (row.val_loss) {
      val.xs.push_back(static_cast<double>(row.step));
      val.ys.push_back(*row.val_loss);
    }
  }
  const double span = std::max(1.0, kSmoothingFraction * static_cast<double>(steps.size()));
  const double weight = 1 - 1 / span;
  char name[96];
  if (running_means)
    std::snprintf(name, sizeof name, "training loss (running mean of each epoch)");
  else if (span < 2)
    std::snprintf(name, sizeof name, "training loss (each batch)");
  else
    std::snprintf(name, sizeof name, "training loss (batches, moving average over ~%.0f steps)", span);
  io::PlotSpec spec;
  spec.title = "lstmkit training: " + run;
  spec.x_label = "step";
  spec.y_label = y_label;
  spec.series = {{name, std::move(steps), running_means ? std::move(losses) : moving_average(losses, weight)}, val};
  return spec;
}

void plot_loss_curves(const std::filesystem::path& out, const std::string& y_label, Reporter& reporter) {
  const io::PlotSpec spec = loss_plot_spec(read_log_csv(out / "log.csv"), out.string(), y_label);
  const io::PlotResult result = io::plot_png(spec, out / "loss.png");
  if (result.status == io::PlotStatus::failed) reporter.note("warning: loss plot failed: " + result.message);
}

}  // namespace lstmkit::train
