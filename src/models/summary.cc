#include "lstmkit/models/summary.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "lstmkit/error.h"
#include "lstmkit/format.h"
#include "lstmkit/io/safetensors.h"
#include "lstmkit/models/model_kind.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::models {

namespace {

// Counts are products of sizes a user or a file gives: past int64 they are an error, never a wrapped total.
int64_t checked(bool overflowed, int64_t value) {
  if (overflowed)
    throw Error("summary", "the parameter count is over 2^63", "give layer sizes that fit in memory");
  return value;
}
int64_t times(int64_t a, int64_t b) {
  int64_t r = 0;
  const bool overflowed = __builtin_mul_overflow(a, b, &r);
  return checked(overflowed, r);
}
int64_t plus(int64_t a, int64_t b) {
  int64_t r = 0;
  const bool overflowed = __builtin_add_overflow(a, b, &r);
  return checked(overflowed, r);
}

std::string type_name(nn::CellKind cell) {
  switch (cell) {
    case nn::CellKind::lstm: return "LSTM";
    case nn::CellKind::gru: return "GRU";
    case nn::CellKind::rnn: return "SimpleRNN";
  }
  return "";
}
}  // namespace

int64_t ModelSummary::keras_total() const {
  int64_t total = 0;
  for (const auto& r : rows) total = plus(total, r.keras_params);
  return total;
}

int64_t ModelSummary::torch_total() const {
  int64_t total = 0;
  for (const auto& r : rows) total = plus(total, r.torch_params);
  return total;
}

namespace {
// G·H·(I + H + biases) without overflow.
int64_t recurrent_params(nn::CellKind cell, int64_t input, int64_t hidden, int64_t biases) {
  return times(times(nn::gate_count(cell), hidden), plus(plus(input, hidden), biases));
}
}  // namespace

int64_t keras_recurrent_params(nn::CellKind cell, int64_t input, int64_t hidden) {
  // Keras' GRU(reset_after=True) keeps separate input and recurrent biases; LSTM and SimpleRNN one.
  return recurrent_params(cell, input, hidden, cell == nn::CellKind::gru ? 2 : 1);
}

int64_t torch_recurrent_params(nn::CellKind cell, int64_t input, int64_t hidden) {
  return recurrent_params(cell, input, hidden, 2);
}

void add_recurrent_rows(ModelSummary& summary, const std::string& prefix,
                        const nn::RecurrentConfig& config, bool return_sequences) {
  // Keras' Bidirectional(LSTM(H)) wraps two layers and concatenates their outputs.
  const int64_t D = config.bidirectional ? 2 : 1;
  for (int k = 0; k < config.layers; ++k) {
    const int64_t input = k == 0 ? config.input : D * config.hidden;
    const bool sequences = return_sequences || k + 1 < config.layers;
    const std::string h = std::to_string(D * config.hidden);
    const std::string type = type_name(config.cell) + "(" + std::to_string(config.hidden) + ")";
    summary.rows.push_back({prefix + ".l" + std::to_string(k),
                            config.bidirectional ? "Bidirectional(" + type + ")" : type,
                            sequences ? "(None, None, " + h + ")" : "(None, " + h + ")",
                            times(D, keras_recurrent_params(config.cell, input, config.hidden)),
                            times(D, torch_recurrent_params(config.cell, input, config.hidden))});
  }
}

void add_dense_row(ModelSummary& summary, const std::string& name, int64_t inputs, int64_t outputs,
                   bool per_step, bool bias) {
  const std::string o = std::to_string(outputs);
  const int64_t params = plus(times(inputs, outputs), bias ? outputs : 0);
  summary.rows.push_back({name, "Dense(" + o + ")",
                          per_step ? "(None, None, " + o + ")" : "(None, " + o + ")", params, params});
}

void add_embedding_row(ModelSummary& summary, const std::string& name, int64_t vocab, int64_t width, bool tied) {
  const std::string e = std::to_string(width);
  const int64_t params = tied ? 0 : times(vocab, width);
  summary.rows.push_back({name, "Embedding(" + std::to_string(vocab) + ", " + e + ")" + (tied ? " tied to head" : ""),
                          "(None, None, " + e + ")", params, params});
}

ModelSummary summarize_checkpoint(const std::string& path) {
  const io::SafetensorsHeader header = io::read_safetensors_header(path);
  const auto config = header.metadata.find("config");
  if (config == header.metadata.end())
    throw Error(path, "has no 'config' metadata", "it is not an lstmkit model checkpoint");
  nn::CellKind cell;
  bool tied = false;  // the token model's (LM) or decoder's embedding is the head's weight
  // Language models and seq2seq apply their head at every step; a time-series model only at the last
  // one unless it was trained n-to-n (Keras: LSTM output (None, H), Dense output (None, O)).
  bool per_step = true;
  try {
    const nlohmann::json j = nlohmann::json::parse(config->second);
    cell = nn::parse_cell(j.at("cell").get<std::string>(), path);
    tied = j.contains("tie_embeddings") && j.at("tie_embeddings").get<bool>();
    const auto kind = header.metadata.find(kKindKey);
    if (kind != header.metadata.end() && parse_model_kind(kind->second) == ModelKind::ts)
      per_step = j.at("return_sequences").get<bool>();
  } catch (const nlohmann::json::exception&) {
    throw Error(path, "has an unreadable 'config' metadata", "it is not an lstmkit model checkpoint");
  } catch (const UsageError& e) {  // an unknown cell: bad input, not a usage error
    throw Error(path, "model config: " + text::printable(e.what_is_wrong(), 200),
                "the file is damaged or was not written by lstmkit");
  }
  const int64_t G = nn::gate_count(cell);
  // Recurrent stacks by module name, in file order; layer k's weight_ih is [G·H, I_k].
  std::vector<std::string> modules;
  std::map<std::string, std::vector<std::vector<int64_t>>> layer_shapes;
  std::set<std::string> bidirectional, names;  // stacks with `_reverse` tensors; every tensor's name
  std::vector<const io::TensorInfo*> heads, embeddings;
  for (const auto& t : header.tensors) {
    names.insert(t.name);
    const size_t at = t.name.find(".weight_ih_l");
    if ((t.name == "embed.weight" || t.name.ends_with(".embed.weight")) && t.shape.size() == 2) {
      embeddings.push_back(&t);
    } else if (at != std::string::npos && t.name.ends_with("_reverse")) {
      bidirectional.insert(t.name.substr(0, at));
    } else if (at != std::string::npos && t.shape.size() == 2) {
      const std::string module = t.name.substr(0, at);
      if (!layer_shapes.count(module)) modules.push_back(module);
      layer_shapes[module].push_back(t.shape);
    } else if (t.name.size() > 7 && t.name.ends_with(".weight") && t.shape.size() == 2 &&
               t.name.find(".rnn.") == std::string::npos && t.name.rfind("optim.", 0) != 0) {
      heads.push_back(&t);
    }
  }
  // Zero-element tensors take no bytes, so the file's size does not bound their dimensions: each one read
  // must be a width the layers accept, and a stack no deeper than they accept.
  auto width = [&](const std::string& name, int64_t value) {
    if (value < 1 || value > nn::kMaxWidth)
      throw Error(path, "tensor '" + name + "' has a dimension of " + std::to_string(value) + ", not in [1, " +
                            std::to_string(nn::kMaxWidth) + "]",
                  "the file is damaged or was not written by lstmkit");
    return static_cast<int>(value);
  };
  ModelSummary summary;
  for (const auto* t : embeddings) {
    const std::string module = t->name.substr(0, t->name.size() - 7);
    add_embedding_row(summary, module, width(t->name, t->shape[0]), width(t->name, t->shape[1]),
                      tied && (module == "embed" || module == "decoder.embed"));
  }
  for (const auto& module : modules) {
    const auto& shapes = layer_shapes[module];
    const std::string name = module + ".weight_ih_l0";
    if (shapes.size() > static_cast<size_t>(nn::kMaxLayers) || shapes[0][0] % G != 0)
      throw Error(path, "module '" + module + "' has " + std::to_string(shapes.size()) + " layers and " +
                            std::to_string(shapes[0][0]) + " gate rows, not a " + nn::cell_name(cell) + " stack",
                  "the file is damaged or was not written by lstmkit");
    nn::RecurrentConfig c;
    c.cell = cell;
    c.hidden = width(name, shapes[0][0] / G);
    c.input = width(name, shapes[0][1]);
    c.layers = static_cast<int>(shapes.size());
    c.bidirectional = bidirectional.count(module) > 0;
    add_recurrent_rows(summary, module, c, per_step);
  }
  for (const auto* head : heads) {
    // Some Linear layers have no bias (an attention's linear_in, luong's linear_out).
    const std::string module = head->name.substr(0, head->name.size() - 7);
    add_dense_row(summary, module, width(head->name, head->shape[1]), width(head->name, head->shape[0]), per_step,
                  names.count(module + ".bias") > 0);
  }
  return summary;
}

std::string format_summary(const ModelSummary& summary) {
  const std::vector<std::string> header = {"Layer", "Type", "Output shape", "Param #"};
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : summary.rows)
    cells.push_back({r.name, r.type, r.output_shape, with_commas(r.keras_params)});
  std::vector<size_t> width(header.size());
  for (size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : cells) width[c] = std::max(width[c], row[c].size());
  }
  size_t total_width = 0;
  for (size_t w : width) total_width += w + 3;
  const std::string rule(total_width, '-');

  std::ostringstream out;
  auto print_row = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size(); ++c) {
      // Counts are right-aligned, text left-aligned.
      const std::string pad(width[c] - row[c].size(), ' ');
      out << (c + 1 == row.size() ? pad + row[c] : row[c] + pad) << (c + 1 == row.size() ? "" : "   ");
    }
    out << "\n";
  };
  print_row(header);
  out << rule << "\n";
  for (const auto& row : cells) print_row(row);
  out << rule << "\n";
  out << "Total params: " << with_commas(summary.keras_total()) << " (Keras)   "
      << with_commas(summary.torch_total())
      << " (PyTorch, stored by lstmkit: two bias vectors per recurrent layer)\n";
  return out.str();
}

}  // namespace lstmkit::models
