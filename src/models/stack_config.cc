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
  r.precision = precision;
  return r;
}

nlohmann::json stack_json(const StackConfig& s) {
  return {{"cell", nn::cell_name(s.cell)}, {"hidden", s.hidden}, {"layers", s.layers}, {"dropout", s.dropout}};
}

int64_t config_integer(const nlohmann::json& j, const char* key, int64_t minimum, int64_t maximum,
                       const std::string& source) {
  const nlohmann::json& v = j.at(key);
  // An unsigned number over INT64_MAX reads as negative here and is refused with the rest.
  if (!v.is_number_integer() || v.get<int64_t>() < minimum || v.get<int64_t>() > maximum)
    throw Error(source, std::string("model config \"") + key + "\" is " + v.dump() + ", not an integer in [" +
                            std::to_string(minimum) + ", " + std::to_string(maximum) + "]",
                kDamagedConfigHint);
  return v.get<int64_t>();
}

// Within the layers' limits; the layers check them again, with dropout, in parameter_shapes.
void read_stack(const nlohmann::json& j, const std::string& source, StackConfig& s) {
  s.cell = nn::parse_cell(j.at("cell").get<std::string>(), source);
  s.hidden = static_cast<int>(config_integer(j, "hidden", 1, nn::kMaxWidth, source));
  s.layers = static_cast<int>(config_integer(j, "layers", 1, nn::kMaxLayers, source));
  s.dropout = j.at("dropout").get<float>();
}

void write_embedding(nlohmann::json& j, int embed, bool tie) {
  if (embed != 0) j["embed"] = embed;
  if (tie) j["tie_embeddings"] = true;
}

void read_embedding(const nlohmann::json& j, const std::string& source, int& embed, bool& tie) {
  embed = j.contains("embed") ? static_cast<int>(config_integer(j, "embed", 0, nn::kMaxWidth, source)) : 0;
  tie = j.contains("tie_embeddings") && j.at("tie_embeddings").get<bool>();
}

}  // namespace lstmkit::models
