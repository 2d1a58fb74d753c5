#pragma once
// `lstmkit forecast`'s files: <out>/forecast.csv (an index, the truth where known, the prediction) and
// <out>/forecast.png (truth against prediction, the train/validation boundary and the end of the data
// marked), drawn by gnuplot through io::plot_png.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/io/plot.h"

namespace lstmkit::infer {

struct ForecastLine {
  std::vector<size_t> index;      // values of the index columns (t; or sequence, step)
  std::vector<float> truth;       // [O], NaN where the truth is not known (past the end of a file)
  std::vector<float> prediction;  // [O]
  bool closed_loop = false;       // predicted from the model's own earlier predictions
  std::vector<float> quantiles{};  // [Q, O] with the table's quantiles, NaN where not predicted; else empty
  std::string time{};             // the row's time as the data writes it, with a time column
  double time_seconds = 0;        // the same in seconds since 1970, the plot's x
  std::string series{};           // a model of several series: the id of the line's series
};

struct ForecastTable {
  std::vector<std::string> index_names;  // {"t"} for a series; {"sequence"} or {"sequence", "step"}
  std::vector<std::string> targets;      // [O] names
  std::vector<ForecastLine> lines;       // in order of the first index
  std::optional<double> boundary;        // first validation row, marked on the plot
  std::optional<double> data_end;        // first row past the data (closed loop), marked on the plot
  std::string title;
  // A classifier's: truth and prediction are class ids, written to the CSV as these names.
  std::vector<std::string> class_names;  // [C]
  std::vector<double> quantiles;         // [Q] a quantile head's, ascending; every line has [Q, O] values
  // Non-empty: the series has a time column; lines carry their times, plotted with this strftime format,
  // and boundary and data_end are in seconds since 1970.
  std::string time_format;
  bool by_series = false;  // lines of several series: the CSV's first column is `series`, each line's id
};

// A CSV field as RFC 4180 wants it: quoted, inner quotes doubled, when it holds a comma, quote or line break.
std::string csv_field(const std::string& text);

// The CSV column of quantile q of a target: "value_q0.1".
std::string quantile_column(const std::string& target, double q);

// One group of a sequence classifier's forecast.
struct GroupForecastLine {
  std::string group;             // the group's name in the file
  std::optional<size_t> truth;   // class id; none when the file has no labels
  size_t prediction = 0;         // class id of the most probable class
  float probability = 0;         // its probability
};

// CSV with a header: `series` for lines of several series, the index columns, `time` with a time column, then `truth`, `prediction` for one
// target, or `truth.<name>`, `prediction.<name>` for each of several, then a quantile head's
// `<name>_q<q>` columns (quantile_column), target by target; unknown values are empty fields. Written to
// a temporary file and renamed. Throws lstmkit::Error when the file cannot be written.
void write_forecast_csv(const std::filesystem::path& path, const ForecastTable& table);

// `group,truth,prediction,probability` with a line per group, classes by name, an unknown truth as an
// empty field; a group name or label with a comma, quote or line break is quoted (RFC 4180). Written to a
// temporary file and renamed. Throws lstmkit::Error when the file cannot be written.
void write_group_forecast_csv(const std::filesystem::path& path, const std::vector<GroupForecastLine>& lines,
                              const std::vector<std::string>& class_names);

// Truth, one-step prediction and closed-loop forecast as lines against the first index (against the
// line number when there are several index columns; against the time with a time column), and a quantile
// head's outer quantiles as a shaded band. Reports PlotStatus::no_gnuplot without gnuplot.
io::PlotResult plot_forecast(const std::filesystem::path& path, const ForecastTable& table);

}  // namespace lstmkit::infer
