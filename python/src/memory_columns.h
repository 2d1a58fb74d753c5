#pragma once
// `series=` (numpy [T], or [T, F]) and `columns=` (a dict name -> numpy [T]) as columns in memory that the
// library reads as it reads a CSV file's (models::MemorySource): no file is written.
#include <pybind11/pybind11.h>

#include <memory>

#include "lstmkit/data/column_table.h"

namespace lstmkit::python {

// How the checkpoint of a model trained on such columns records its data.
inline constexpr char kMemorySourceName[] = "in-memory arrays from Python";

// Takes `series` and `columns` out of `kwargs`; nullptr when neither was given. A series [T] is the column
// "value", [T, F] the columns column0 … column{F-1}. Numbers must be float32 or float64 (NaN: a missing
// value, left to the fill policy); a column of str (a time, label, group or series id column) is text.
// Throws lstmkit::UsageError naming the keyword for both given, another dtype or shape, or columns of
// different lengths.
std::shared_ptr<const data::ColumnTable> pop_memory_columns(pybind11::dict& kwargs);

}  // namespace lstmkit::python
