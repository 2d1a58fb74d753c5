#include "lstmkit/jobs/pairs_input.h"

#include "lstmkit/error.h"
#include "lstmkit/text/utf8_reader.h"

namespace lstmkit::jobs {

std::string PairsInput::name() const { return text ? text_name : file; }

data::PairsFile read_pairs_input(const PairsInput& input, const data::PairsReadOptions& options,
                                 const std::string& field) {
  if (input.text && !input.file.empty()) throw UsageError(setting(field), "gives both pairs and a file", "give one of them");
  if (input.text) {
    const text::Utf8Text decoded = text::decode_utf8(*input.text, input.text_name, options.on_invalid);
    data::PairsFile pairs = data::parse_pairs(decoded.text, input.text_name, options);
    pairs.replaced = decoded.replaced;
    return pairs;
  }
  if (input.file.empty()) throw UsageError(setting(field), "names no pairs", "give the pairs or a TSV file of them");
  return data::read_pairs(input.file, options);
}

}  // namespace lstmkit::jobs
