#pragma once
// A model of several series (`--series-column`) scales each series on its own: every series' target
// transform and scaler are fitted on its own training part and kept in the checkpoint under its id, in
// the `series` metadata:
//   {"column": "store", "series": [{"id": "a", "scaler": {...}, "transform": {...}}, ...]}
// (`transform` only when it is not the identity). One network serves all series: a small and a large
// series look alike in model units (Darts' multiple-series training with a scaler per series).
#include <span>
#include <string>
#include <vector>

#include "lstmkit/data/scaler.h"
#include "lstmkit/data/target_transform.h"

namespace lstmkit::models {

struct SeriesUnits {
  std::string id;
  data::Scaler scaler;
  data::TargetTransform transform;
};

std::string series_units_json(const std::string& column, std::span<const SeriesUnits> units);
// Throws lstmkit::Error at `where` (the checkpoint) for malformed JSON, a bad scaler or transform, no
// series, an empty or repeated id, or a column other than `column` (the model's series column).
std::vector<SeriesUnits> series_units_from_json(const std::string& json, const std::string& column,
                                                const std::string& where);

// The entry for series `id`. Throws lstmkit::Error at `where` when the model has none, listing its ids.
const SeriesUnits& units_of(std::span<const SeriesUnits> units, const std::string& id, const std::string& where);

}  // namespace lstmkit::models
