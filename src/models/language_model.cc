#include "lstmkit/models/language_model.h"

#include "config_json.h"
#include "model_file.h"
#include "lstmkit/error.h"

namespace lstmkit::models {

namespace {

constexpr char kRnn[] = "rnn", kHead[] = "head", kEmbed[] = "embed";  // module names, their tensors' prefixes

// The stack's input width, after checking that a tied embedding can be the head's weight.
int input_width(const LmConfig& c, int vocab_size) {
  TokenInput::check_tying(kEmbed, c.embed, c.hidden, c.tie_embeddings);
  return TokenInput::width(vocab_size, c.embed);
}

}  // namespace

std::string lm_config_json(const LmConfig& c, int vocab_size) {
  nlohmann::json j = stack_json(c);
  j["vocab_size"] = vocab_size;
  write_embedding(j, c.embed, c.tie_embeddings);
  return j.dump();
}

LmConfig lm_config_from_json(const std::string& text, const std::string& source) {
  return parse_config(text, source, [&](const nlohmann::json& j) {
    LmConfig c;
    read_stack(j, source, c);
    read_embedding(j, source, c.embed, c.tie_embeddings);
    return c;
  });
}

LanguageModel::LanguageModel(text::Vocab vocab, const LmConfig& config)
    : Model(ModelKind::lm), vocab_(std::move(vocab)), config_(config),
      rnn_(params_, kRnn, config.recurrent(input_width(config, vocab_.size()))),
      head_(params_, kHead, config.hidden, vocab_.size(), config.precision),
      input_(config.tie_embeddings ? TokenInput(params_, kEmbed, head_.weight())
                                   : TokenInput(params_, kEmbed, vocab_.size(), config.embed)) {}

std::vector<nn::ParamShape> LanguageModel::parameter_shapes(const LmConfig& config, int vocab_size) {
  std::vector<nn::ParamShape> shapes =
      nn::Recurrent::parameter_shapes(kRnn, config.recurrent(input_width(config, vocab_size)));
  for (auto& more : {nn::Dense::parameter_shapes(kHead, config.hidden, vocab_size),
                     TokenInput::parameter_shapes(kEmbed, vocab_size, config.embed)})
    shapes.insert(shapes.end(), more.begin(), more.end());
  return shapes;
}

std::unique_ptr<LanguageModel> LanguageModel::load(const std::filesystem::path& path, nn::Precision precision) {
  const ModelFile file(path, ModelKind::lm);
  text::Vocab vocab = file.vocab("vocab");
  LmConfig config = lm_config_from_json(file.config(), file.source());
  config.precision = precision;
  file.check_tensors([&] { return parameter_shapes(config, vocab.size()); });
  return file.load_weights(std::make_unique<LanguageModel>(std::move(vocab), config));
}

void LanguageModel::initialize(nn::InitScheme scheme, Rng& rng) {
  rnn_.initialize(scheme, rng);
  head_.initialize(scheme, rng);
  input_.initialize(scheme, rng);
}

io::Metadata LanguageModel::own_metadata() const {
  return {{"config", lm_config_json(config_, vocab_.size())}, {"vocab", vocab_.to_json()}};
}

nn::CrossEntropy LanguageModel::train_batch(int T, int N, const int32_t* ids, const int32_t* targets,
                                            nn::RecurrentState& state, Rng& dropout_rng) {
  const size_t rows = static_cast<size_t>(T) * N;
  const int V = vocab_.size(), H = config_.hidden;
  y_.resize(rows * H);
  logits_.resize(rows * V);
  dlogits_.resize(rows * V);
  dy_.resize(rows * H);
  rnn_.forward_training(T, N, input_.forward(T, N, ids), &state, y_.data(), &next_, dropout_rng);
  head_.forward(static_cast<int>(rows), y_.data(), logits_.data());
  const nn::CrossEntropy ce =
      nn::softmax_cross_entropy(static_cast<int>(rows), V, logits_.data(), targets, dlogits_.data(), -1, label_smoothing_);
  // Backward in reverse order: head, recurrent stack, embedding, each part's gradients final when it
  // ends (a data-parallel run sends them then). A one-hot input needs no gradient.
  params_.backward_started(ce.count);
  head_.backward(static_cast<int>(rows), y_.data(), dlogits_.data(), dy_.data());
  params_.gradients_final(std::string(kHead) + ".");
  if (input_.wants_gradient()) {
    dx_.resize(rows * input_.width());
    rnn_.backward(dy_.data(), nullptr, dx_.data(), nullptr);
    params_.gradients_final(std::string(kRnn) + ".");
    input_.backward(dx_.data());
    params_.gradients_final(std::string(kEmbed) + ".");
  } else {
    rnn_.backward(dy_.data(), nullptr, nullptr, nullptr);
    params_.gradients_final(std::string(kRnn) + ".");
  }
  std::swap(state, next_);
  return ce;
}

void LanguageModel::forward_inference(int T, int N, const int32_t* ids, nn::RecurrentState& state) {
  const size_t rows = static_cast<size_t>(T) * N;
  y_.resize(rows * config_.hidden);
  logits_.resize(rows * vocab_.size());
  rnn_.forward_inference(T, N, input_.forward(T, N, ids), &state, y_.data(), &next_);
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
