#include "lstmkit/models/stack_config.h"

#include "config_json.h"

namespace lstmkit::models {

nn::RecurrentConfig StackConfig::recurrent(int input) const {
  nn::RecurrentConfig r;
  r.cell = cell;
  r.input = input;
  r.hidden = hidden;
  r.layers = layers;
  r.dropout = dropout;
  return r;
}

nlohmann::json stack_json(const StackConfig& s) {
  return {{"cell", nn::cell_name(s.cell)}, {"hidden", s.hidden}, {"layers", s.layers}, {"dropout", s.dropout}};
}

void read_stack(const nlohmann::json& j, const std::string& source, StackConfig& s) {
  s.cell = nn::parse_cell(j.at("cell").get<std::string>(), source);
  s.hidden = j.at("hidden").get<int>();
  s.layers = j.at("layers").get<int>();
  s.dropout = j.at("dropout").get<float>();
}

}  // namespace lstmkit::models
