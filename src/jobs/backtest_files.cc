// backtest.csv and backtest.png (jobs/backtest.h).
#include <charconv>
#include <cmath>
#include <limits>
#include <span>
#include <system_error>

#include "lstmkit/error.h"
#include "lstmkit/io/atomic_file.h"
#include "lstmkit/infer/forecast_files.h"
#include "lstmkit/jobs/backtest.h"
#include "lstmkit/jobs/series_files.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::jobs {

namespace {

std::string number(float x) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);
}

// "seasonal naive (12)" → "seasonal_naive_12": a CSV header that needs no quoting.
std::string column_name(const std::string& method) {
  std::string out;
  for (char c : method) {
    if (c == '(' || c == ')') continue;
    out += c == ' ' ? '_' : c;
  }
  return out;
}

// A line per origin and step of one series' backtest, each line beginning with `prefix`.
void add_lines(std::string& text, const BacktestResult& result, const std::string& prefix) {
  const size_t K = result.steps;
  for (size_t i = 0; i < result.origins.size(); ++i)
    for (size_t k = 0; k < K; ++k) {
      const size_t t = result.origins[i] + k;
      text += prefix;
      for (const std::string& field : {std::to_string(result.origins[i]), std::to_string(k + 1), std::to_string(t)}) {
        text += field;
        text += ',';
      }
      text += number(result.series[t]);
      for (const BacktestMethod& m : result.methods) {
        text += ',';
        text += number(m.forecasts[i * K + k]);
      }
      text += '\n';
    }
}

}  // namespace

void write_backtest_csv(const std::filesystem::path& path, const BacktestResult& result) {
  std::string text = result.per_series.empty() ? "origin,step,t,truth" : "series,origin,step,t,truth";
  for (const BacktestMethod& m : result.methods) {
    text += ',';
    text += column_name(m.name);
  }
  text += '\n';
  add_lines(text, result, "");
  for (const BacktestResult& one : result.per_series) add_lines(text, one, infer::csv_field(one.series_id) + ",");
  const std::span<const std::byte> bytes = std::as_bytes(std::span<const char>(text));
  io::write_file_atomically(path, std::span<const std::span<const std::byte>>(&bytes, 1));
}

io::PlotResult plot_backtest(const std::filesystem::path& path, const BacktestResult& result, const std::string& title) {
  io::PlotSpec spec{title, "t", result.target, {}, {}};
  io::PlotSeries truth{result.target, {}, {}};
  for (size_t t = 0; t < result.series.size(); ++t) {
    truth.xs.push_back(static_cast<double>(t));
    truth.ys.push_back(result.series[t]);
  }
  // One line per origin: a NaN point between origins keeps gnuplot from joining them.
  io::PlotSeries forecasts{"model, from each origin", {}, {}};
  const size_t K = result.steps;
  const std::vector<float>& model = result.methods.front().forecasts;
  for (size_t i = 0; i < result.origins.size(); ++i) {
    for (size_t k = 0; k < K; ++k) {
      forecasts.xs.push_back(static_cast<double>(result.origins[i] + k));
      forecasts.ys.push_back(model[i * K + k]);
    }
    forecasts.xs.push_back(static_cast<double>(result.origins[i] + K));
    forecasts.ys.push_back(std::numeric_limits<double>::quiet_NaN());
  }
  spec.series = {std::move(truth), std::move(forecasts)};
  spec.markers = {{static_cast<double>(result.origins.front()), "first origin"}};
  return io::plot_png(spec, path);
}

BacktestFiles write_backtest_files(const BacktestResult& result, const std::filesystem::path& out) {
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) throw Error(out.string(), "cannot create the output directory (" + ec.message() + ")", "choose another output directory");
  BacktestFiles files{out / "backtest.csv", {}, {}, {}};
  write_backtest_csv(files.csv, result);
  if (!result.per_series.empty()) {
    std::vector<std::string> ids;
    for (const BacktestResult& one : result.per_series) ids.push_back(one.series_id);
    for (size_t k = 0; k < ids.size(); ++k) {
      const BacktestResult& one = result.per_series[k];
      const std::filesystem::path plot = out / series_plot_name("backtest", ids, k);
      const io::PlotResult drawn =
          plot_backtest(plot, one,
                        result.data_description + ", series '" + text::printable(one.series_id) + "': backtest from " +
                            std::to_string(one.origins.size()) + " origins");
      if (drawn) files.series_plots.push_back(plot);
      if (k == 0 || (files.plot_result && !drawn)) files.plot_result = drawn;
    }
    if (!files.series_plots.empty()) files.plot = files.series_plots.front();
    return files;
  }
  files.plot_result = plot_backtest(out / "backtest.png", result,
                                    result.data_description + ": backtest from " +
                                        std::to_string(result.origins.size()) + " origins");
  if (files.plot_result) files.plot = out / "backtest.png";
  return files;
}

}  // namespace lstmkit::jobs
