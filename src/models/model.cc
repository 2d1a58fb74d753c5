#include "lstmkit/models/model.h"

namespace lstmkit::models {

io::Metadata Model::metadata() const {
  io::Metadata m = own_metadata();
  m[kKindKey] = kind_name(kind_);
  return m;
}

}  // namespace lstmkit::models
