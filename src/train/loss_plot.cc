#include "loss_plot.h"

#include "lstmkit/io/plot.h"
#include "lstmkit/train/log_csv.h"

namespace lstmkit::train {

void plot_loss_curves(const std::filesystem::path& out, Reporter& reporter) {
  io::PlotSeries train{"training loss", {}, {}};
  io::PlotSeries val{"validation loss", {}, {}};
  for (const LogRow& row : read_log_csv(out / "log.csv")) {
    if (row.train_loss && !row.val_loss) {
      train.xs.push_back(static_cast<double>(row.step));
      train.ys.push_back(*row.train_loss);
    }
    if (row.val_loss) {
      val.xs.push_back(static_cast<double>(row.step));
      val.ys.push_back(*row.val_loss);
    }
  }
  io::PlotSpec spec;
  spec.title = "lstmkit training";
  spec.x_label = "step";
  spec.y_label = "loss (mean per unit)";
  spec.series = {train, val};
  const io::PlotResult result = io::plot_png(spec, out / "loss.png");
  if (result.status == io::PlotStatus::failed) reporter.note("warning: loss plot failed: " + result.message);
}

}  // namespace lstmkit::train
