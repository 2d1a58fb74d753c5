#pragma once
// A directory a command will write into, checked before any work starts, so that a long run does not
// end in "cannot write" — and, since nothing is created here, a refused run leaves nothing behind.
#include <filesystem>
#include <string>

namespace lstmkit::io {

// `dir` is a writable directory, or does not exist yet and can be created (its nearest existing
// ancestor is a writable directory). Throws lstmkit::Error at `dir`; `option` (e.g. "`out`") is named in
// the hint.
void check_output_directory(const std::filesystem::path& dir, const std::string& option);

}  // namespace lstmkit::io
