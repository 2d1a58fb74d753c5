#pragma once

namespace lstmkit::cli {
// As ../shared/DESIGN.md fixes them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;      // bad input or runtime failure
inline constexpr int kExitUsage = 2;        // usage error
inline constexpr int kExitInterrupted = 130;  // interrupted, after saving
}  // namespace lstmkit::cli
