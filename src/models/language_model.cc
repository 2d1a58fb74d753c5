#include "lstmkit/models/language_model.h"

#include <nlohmann/json.hpp>

#include "lstmkit/data/lm_batches.h"
#include "lstmkit/error.h"

namespace lstmkit::models {

namespace {

const std::string& require(const io::Metadata& m, const std::string& key, const std::string& source) {
  return io::require_metadata(m, key, source, "language model");
}

nn::RecurrentConfig recurrent_config(const LmConfig& c, int vocab_size) {
  nn::RecurrentConfig r;
  r.cell = c.cell;
  r.input = vocab_size;
  r.hidden = c.hidden;
  r.layers = c.layers;
  r.dropout = c.dropout;
  return r;
}

}  // namespace

std::string lm_config_json(const LmConfig& c, int vocab_size) {
  return nlohmann::json{{"cell", nn::cell_name(c.cell)},
                        {"hidden", c.hidden},
                        {"layers", c.layers},
                        {"dropout", c.dropout},
                        {"vocab_size", vocab_size}}
      .dump();
}

LmConfig lm_config_from_json(const std::string& text, const std::string& source) {
  try {
    const auto j = nlohmann::json::parse(text);
    LmConfig c;
    c.cell = nn::parse_cell(j.at("cell").get<std::string>(), source);
    c.hidden = j.at("hidden").get<int>();
    c.layers = j.at("layers").get<int>();
    c.dropout = j.at("dropout").get<float>();
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw Error(source, std::string("unreadable model config (") + e.what() + ")",
                "the file is damaged or was not written by lstmkit");
  }
}

LanguageModel::LanguageModel(text::Vocab vocab, const LmConfig& config)
    : vocab_(std::move(vocab)), config_(config),
      rnn_(params_, "rnn", recurrent_config(config, vocab_.size())),
      head_(params_, "head", config.hidden, vocab_.size()) {}

std::unique_ptr<LanguageModel> LanguageModel::load(const std::filesystem::path& path) {
  const std::string source = path.string();
  const io::Metadata meta = io::Checkpoint::read_metadata(path);
  if (require(meta, "kind", source) != "lm")
    throw Error(source, "is a '" + meta.at("kind") + "' model, not a language model",
                "use the command for that kind of model");
  text::Vocab vocab = text::Vocab::from_json(require(meta, "vocab", source), source + " (vocab)");
  const LmConfig config = lm_config_from_json(require(meta, "config", source), source);
  auto model = std::make_unique<LanguageModel>(std::move(vocab), config);
  io::Checkpoint::load(path, model->parameters());
  return model;
}

void LanguageModel::initialize(nn::InitScheme scheme, Rng& rng) {
  rnn_.initialize(scheme, rng);
  head_.initialize(scheme, rng);
}

io::Metadata LanguageModel::metadata() const {
  return {{"kind", "lm"}, {"config", lm_config_json(config_, vocab_.size())}, {"vocab", vocab_.to_json()}};
}

nn::CrossEntropy LanguageModel::train_batch(int T, int N, const int32_t* ids, const int32_t* targets,
                                            nn::RecurrentState& state, Rng& dropout_rng) {
  const size_t rows = static_cast<size_t>(T) * N;
  const int V = vocab_.size(), H = config_.hidden;
  x_.resize(rows * V);
  y_.resize(rows * H);
  logits_.resize(rows * V);
  dlogits_.resize(rows * V);
  dy_.resize(rows * H);
  data::fill_one_hot(x_, {ids, rows}, V);
  rnn_.forward_training(T, N, x_.data(), &state, y_.data(), &next_, dropout_rng);
  head_.forward(static_cast<int>(rows), y_.data(), logits_.data());
  const nn::CrossEntropy ce =
      nn::softmax_cross_entropy(static_cast<int>(rows), V, logits_.data(), targets, dlogits_.data());
  // Backward in reverse order: head, then the recurrent stack. The one-hot input needs no gradient.
  head_.backward(static_cast<int>(rows), y_.data(), dlogits_.data(), dy_.data());
  rnn_.backward(dy_.data(), nullptr, nullptr, nullptr);
  std::swap(state, next_);
  return ce;
}

void LanguageModel::forward_inference(int T, int N, const int32_t* ids, nn::RecurrentState& state) {
  const size_t rows = static_cast<size_t>(T) * N;
  const int V = vocab_.size();
  x_.resize(rows * V);
  y_.resize(rows * config_.hidden);
  logits_.resize(rows * V);
  data::fill_one_hot(x_, {ids, rows}, V);
  rnn_.forward_inference(T, N, x_.data(), &state, y_.data(), &next_);
  head_.forward(static_cast<int>(rows), y_.data(), logits_.data());
  std::swap(state, next_);
}

nn::CrossEntropy LanguageModel::evaluate_batch(int T, int N, const int32_t* ids, const int32_t* targets,
                                               nn::RecurrentState& state) {
  forward_inference(T, N, ids, state);
  return nn::softmax_cross_entropy(T * N, vocab_.size(), logits_.data(), targets, nullptr);
}

void LanguageModel::forward_logits(int T, int N, const int32_t* ids, nn::RecurrentState& state,
                                   float* logits) {
  forward_inference(T, N, ids, state);
  std::copy(logits_.begin(), logits_.begin() + static_cast<size_t>(T) * N * vocab_.size(), logits);
}

}  // namespace lstmkit::models
