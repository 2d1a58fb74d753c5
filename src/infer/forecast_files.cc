#include "lstmkit/infer/forecast_files.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <span>

#include "lstmkit/io/atomic_file.h"

namespace lstmkit::infer {

namespace {

// Shortest text that reads back as the same float; empty for NaN (unknown).
std::string number(float x) {
  if (std::isnan(x)) return "";
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);
}

std::string column(const std::string& what, const ForecastTable& table, size_t o) {
  return table.targets.size() == 1 ? what : what + "." + table.targets[o];
}

// A value of the table: a number, or a classifier's class id by name; empty for NaN (unknown).
std::string value(const ForecastTable& table, float x) {
  if (table.class_names.empty() || std::isnan(x)) return number(x);
  return csv_field(table.class_names.at(static_cast<size_t>(x)));
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  const std::span<const std::byte> bytes = std::as_bytes(std::span<const char>(text));
  io::write_file_atomically(path, std::span<const std::span<const std::byte>>(&bytes, 1));
}

}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string quantile_column(const std::string& target, double q) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", q);
  return target + "_q" + buf;
}

void write_forecast_csv(const std::filesystem::path& path, const ForecastTable& table) {
  const size_t O = table.targets.size(), Q = table.quantiles.size();
  const bool timed = !table.time_format.empty();
  std::string text = table.by_series ? "series," : "";
  for (const auto& name : table.index_names) text += name + ",";
  if (timed) text += "time,";
  for (size_t o = 0; o < O; ++o)
    text += column("truth", table, o) + "," + column("prediction", table, o) + (o + 1 < O ? "," : "");
  for (size_t o = 0; o < O; ++o)
    for (size_t q = 0; q < Q; ++q) text += "," + csv_field(quantile_column(table.targets[o], table.quantiles[q]));
  text += "\n";
  for (const ForecastLine& line : table.lines) {
    if (table.by_series) text += csv_field(line.series) + ",";
    for (size_t i : line.index) text += std::to_string(i) + ",";
    if (timed) text += csv_field(line.time) + ",";
    for (size_t o = 0; o < O; ++o)
      text += value(table, line.truth[o]) + "," + value(table, line.prediction[o]) + (o + 1 < O ? "," : "");
    for (size_t o = 0; o < O; ++o)
      for (size_t q = 0; q < Q; ++q) text += "," + number(line.quantiles.at(q * O + o));
    text += "\n";
  }
  write_text(path, text);
}

void write_group_forecast_csv(const std::filesystem::path& path, const std::vector<GroupForecastLine>& lines,
                              const std::vector<std::string>& class_names) {
  std::string text = "group,truth,prediction,probability\n";
  for (const GroupForecastLine& line : lines)
    text += csv_field(line.group) + "," + (line.truth ? csv_field(class_names.at(*line.truth)) : "") + "," +
            csv_field(class_names.at(line.prediction)) + "," + number(line.probability) + "\n";
  write_text(path, text);
}

io::PlotResult plot_forecast(const std::filesystem::path& path, const ForecastTable& table) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  io::PlotSpec spec;
  spec.title = table.title;
  const bool timed = !table.time_format.empty();
  const size_t O = table.targets.size(), Q = table.quantiles.size();
  spec.x_label = timed ? "time" : table.index_names.size() == 1 ? table.index_names.front() : "example";
  spec.y_label = O == 1 ? table.targets.front() : "value";
  spec.x_time_format = table.time_format;
  auto x_of = [&](size_t i) {
    const ForecastLine& line = table.lines[i];
    if (timed) return line.time_seconds;
    return table.index_names.size() == 1 ? static_cast<double>(line.index.front()) : static_cast<double>(i);
  };
  for (size_t o = 0; o < O && Q >= 2; ++o) {
    char name[96];
    std::snprintf(name, sizeof name, "%g%% interval (q%g to q%g)%s%s",
                  100 * (table.quantiles.back() - table.quantiles.front()), table.quantiles.front(),
                  table.quantiles.back(), O == 1 ? "" : " ", O == 1 ? "" : table.targets[o].c_str());
    io::PlotBand band{name, {}, {}, {}};
    for (size_t i = 0; i < table.lines.size(); ++i) {
      band.xs.push_back(x_of(i));
      band.lo.push_back(table.lines[i].quantiles.at(o));
      band.hi.push_back(table.lines[i].quantiles.at((Q - 1) * O + o));
    }
    spec.bands.push_back(std::move(band));
  }
  for (size_t o = 0; o < O; ++o) {
    const std::string suffix = O == 1 ? "" : " " + table.targets[o];
    io::PlotSeries truth{"truth" + suffix, {}, {}}, one_step{"one-step prediction" + suffix, {}, {}},
        closed{"closed-loop forecast" + suffix, {}, {}};
    for (size_t i = 0; i < table.lines.size(); ++i) {
      const ForecastLine& line = table.lines[i];
      const double x = x_of(i);
      truth.xs.push_back(x);
      truth.ys.push_back(line.truth[o]);  // NaN leaves a gap
      (line.closed_loop ? closed : one_step).xs.push_back(x);
      (line.closed_loop ? closed : one_step).ys.push_back(line.prediction[o]);
      // A gap in the other prediction line keeps gnuplot from joining across the switch.
      (line.closed_loop ? one_step : closed).xs.push_back(x);
      (line.closed_loop ? one_step : closed).ys.push_back(nan);
    }
    for (io::PlotSeries* s : {&truth, &one_step, &closed}) {
      bool any = false;
      for (double y : s->ys) any = any || std::isfinite(y);
      if (any) spec.series.push_back(std::move(*s));
    }
  }
  if (table.boundary) spec.markers.push_back({*table.boundary, "train | validation"});
  if (table.data_end) spec.markers.push_back({*table.data_end, "end of data"});
  return io::plot_png(spec, path);
}

}  // namespace lstmkit::infer
