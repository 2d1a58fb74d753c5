#include "lstmkit/models/seq2seq.h"

#include <algorithm>

#include "config_json.h"
#include "lstmkit/error.h"

namespace lstmkit::models {

namespace {

constexpr const char* kModel = "sequence-to-sequence model";  // what a checkpoint's errors say it should have been
constexpr char kEncoder[] = "encoder.rnn", kDecoder[] = "decoder.rnn", kHead[] = "head";  // tensor prefixes
constexpr char kSourceEmbed[] = "encoder.embed", kTargetEmbed[] = "decoder.embed";

const std::string& require(const io::Metadata& m, const std::string& key, const std::string& source) {
  return io::require_metadata(m, key, source, kModel);
}

// The decoder's input width, after checking that a tied embedding can be the head's weight.
int target_width(const S2sConfig& c, int target_vocab_size) {
  TokenInput::check_tying(kTargetEmbed, c.embed, c.hidden, c.tie_embeddings);
  return TokenInput::width(target_vocab_size, c.embed);
}

}  // namespace

std::string s2s_config_json(const S2sConfig& c, int source_vocab_size, int target_vocab_size) {
  nlohmann::json j = stack_json(c);
  j["reverse_source"] = c.reverse_source;
  j["source_vocab_size"] = source_vocab_size;
  j["target_vocab_size"] = target_vocab_size;
  write_embedding(j, c.embed, c.tie_embeddings);
  return j.dump();
}

S2sConfig s2s_config_from_json(const std::string& text, const std::string& source) {
  return parse_config(text, source, [&](const nlohmann::json& j) {
    S2sConfig c;
    read_stack(j, source, c);
    c.reverse_source = j.at("reverse_source").get<bool>();
    read_embedding(j, source, c.embed, c.tie_embeddings);
    return c;
  });
}

Seq2Seq::Seq2Seq(text::Vocab source_vocab, text::Vocab target_vocab, const S2sConfig& config)
    : source_vocab_(std::move(source_vocab)), target_vocab_(std::move(target_vocab)), config_(config),
      encoder_(params_, kEncoder, config.recurrent(TokenInput::width(source_vocab_.size(), config.embed))),
      decoder_(params_, kDecoder, config.recurrent(target_width(config, target_vocab_.size()))),
      head_(params_, kHead, config.hidden, target_vocab_.size()),
      source_input_(params_, kSourceEmbed, source_vocab_.size(), config.embed),
      target_input_(config.tie_embeddings ? TokenInput(params_, kTargetEmbed, head_.weight())
                                          : TokenInput(params_, kTargetEmbed, target_vocab_.size(), config.embed)) {}

std::vector<nn::ParamShape> Seq2Seq::parameter_shapes(const S2sConfig& config, int source_vocab_size,
                                                      int target_vocab_size) {
  std::vector<nn::ParamShape> shapes =
      nn::Recurrent::parameter_shapes(kEncoder, config.recurrent(TokenInput::width(source_vocab_size, config.embed)));
  for (auto& more :
       {nn::Recurrent::parameter_shapes(kDecoder, config.recurrent(target_width(config, target_vocab_size))),
        nn::Dense::parameter_shapes(kHead, config.hidden, target_vocab_size),
        TokenInput::parameter_shapes(kSourceEmbed, source_vocab_size, config.embed),
        TokenInput::parameter_shapes(kTargetEmbed, target_vocab_size, config.embed)})
    shapes.insert(shapes.end(), more.begin(), more.end());
  return shapes;
}

std::unique_ptr<Seq2Seq> Seq2Seq::load(const std::filesystem::path& path, nn::Precision precision) {
  const std::string source = path.string();
  const io::SafetensorsHeader header = io::Checkpoint::read_header(path);
  const io::Metadata& meta = header.metadata;
  io::require_kind(meta, "s2s", source, kModel);
  text::Vocab src = text::Vocab::from_json(require(meta, "source_vocab", source), source + " (source_vocab)");
  text::Vocab tgt = text::Vocab::from_json(require(meta, "target_vocab", source), source + " (target_vocab)");
  S2sConfig config = s2s_config_from_json(require(meta, "config", source), source);
  config.precision = precision;
  check_model_tensors(header, source, [&] { return parameter_shapes(config, src.size(), tgt.size()); });
  auto model = std::make_unique<Seq2Seq>(std::move(src), std::move(tgt), config);
  io::Checkpoint::load(path, model->parameters());
  return model;
}

void Seq2Seq::initialize(nn::InitScheme scheme, Rng& rng) {
  encoder_.initialize(scheme, rng);
  decoder_.initialize(scheme, rng);
  head_.initialize(scheme, rng);
  source_input_.initialize(scheme, rng);
  target_input_.initialize(scheme, rng);
}

io::Metadata Seq2Seq::metadata() const {
  return {{"kind", "s2s"},
          {"config", s2s_config_json(config_, source_vocab_.size(), target_vocab_.size())},
          {"source_vocab", source_vocab_.to_json()},
          {"target_vocab", target_vocab_.to_json()}};
}

size_t Seq2Seq::cached_shapes() const { return encoder_.stats().plans + decoder_.stats().plans; }

nn::CrossEntropy Seq2Seq::train_batch(const data::S2sBatch& b, Rng& dropout_rng, float scale) {
  const int Ts = b.source_len, Tt = b.target_len, N = b.batch, H = config_.hidden;
  const int Vt = target_vocab_.size();
  const int rows = Tt * N;
  y_enc_.resize(static_cast<size_t>(Ts) * N * H);
  y_dec_.resize(static_cast<size_t>(rows) * H);
  logits_.resize(static_cast<size_t>(rows) * Vt);
  dlogits_.resize(logits_.size());

  encoder_.forward_training(Ts, N, source_input_.forward(Ts, N, b.source.data(), config_.reverse_source), nullptr,
                            y_enc_.data(), &encoded_, dropout_rng);
  decoder_.forward_training(Tt, N, target_input_.forward(Tt, N, b.decoder_input.data()), &encoded_, y_dec_.data(),
                            nullptr, dropout_rng);
  head_.forward(rows, y_dec_.data(), logits_.data());
  const nn::CrossEntropy ce = nn::softmax_cross_entropy(rows, Vt, logits_.data(), b.decoder_target.data(),
                                                        dlogits_.data(), text::kPadId);
  if (scale != 1.0f)
    for (float& d : dlogits_) d *= scale;
  // Backward in reverse order: head, decoder (whose d(initial state) is the encoder's d(final state)) and
  // its embedding, encoder and its embedding. Only the final state of the encoder feeds the loss, so its
  // output gradient is zero; one-hot inputs need no gradient.
  const bool embedded = target_input_.wants_gradient();
  dy_.resize(static_cast<size_t>(std::max(Tt, Ts)) * N * H);
  if (embedded) dx_.resize(static_cast<size_t>(std::max(Tt, Ts)) * N * config_.embed);
  head_.backward(rows, y_dec_.data(), dlogits_.data(), dy_.data());
  decoder_.backward(dy_.data(), nullptr, embedded ? dx_.data() : nullptr, &dencoded_);
  if (embedded) target_input_.backward(dx_.data());
  std::fill(dy_.begin(), dy_.begin() + static_cast<std::ptrdiff_t>(Ts) * N * H, 0.0f);
  encoder_.backward(dy_.data(), &dencoded_, embedded ? dx_.data() : nullptr, nullptr);
  if (embedded) source_input_.backward(dx_.data());
  return ce;
}

nn::CrossEntropy Seq2Seq::evaluate_batch(const data::S2sBatch& b) {
  const int Tt = b.target_len, N = b.batch, rows = Tt * N;
  const int Vt = target_vocab_.size();
  encoded_ = encode(b.source_len, N, b.source.data());
  y_dec_.resize(static_cast<size_t>(rows) * config_.hidden);
  logits_.resize(static_cast<size_t>(rows) * Vt);
  decoder_.forward_inference(Tt, N, target_input_.forward(Tt, N, b.decoder_input.data()), &encoded_, y_dec_.data(),
                             nullptr);
  head_.forward(rows, y_dec_.data(), logits_.data());
  return nn::softmax_cross_entropy(rows, Vt, logits_.data(), b.decoder_target.data(), nullptr, text::kPadId);
}

EncoderState Seq2Seq::encode(int T, int N, const int32_t* source) {
  EncoderState state;
  const size_t LNH = static_cast<size_t>(config_.layers) * N * config_.hidden;
  if (T == 0) {  // nothing read: the encoder's initial (zero) state
    state.h.assign(LNH, 0.0f);
    if (config_.cell == nn::CellKind::lstm) state.c.assign(LNH, 0.0f);
    return state;
  }
  y_enc_.resize(static_cast<size_t>(T) * N * config_.hidden);
  encoder_.forward_inference(T, N, source_input_.forward(T, N, source, config_.reverse_source), nullptr,
                             y_enc_.data(), &state);
  return state;
}

void Seq2Seq::decode_step(int N, const int32_t* tokens, nn::RecurrentState& state, float* log_probs) {
  const int Vt = target_vocab_.size();
  y_dec_.resize(static_cast<size_t>(N) * config_.hidden);
  decoder_.forward_inference(1, N, target_input_.forward(1, N, tokens), &state, y_dec_.data(), &state);
  head_.forward(N, y_dec_.data(), log_probs);
  nn::log_softmax(N, Vt, log_probs, log_probs);
}

void DecoderSession::start(EncoderState state) {
  state_ = std::move(state);
  const size_t per_row = static_cast<size_t>(model_.config().layers) * model_.config().hidden;
  rows_ = static_cast<int>(state_.h.size() / per_row);
}

std::span<const float> DecoderSession::step(std::span<const int32_t> tokens) {
  if (static_cast<int>(tokens.size()) != rows_)
    throw Error("decoder step", std::to_string(tokens.size()) + " tokens for " + std::to_string(rows_) + " rows",
                "pass one previous token per row");
  log_probs_.resize(static_cast<size_t>(rows_) * vocab_size());
  model_.decode_step(rows_, tokens.data(), state_, log_probs_.data());
  return log_probs_;
}

void DecoderSession::select(std::span<const int32_t> rows) {
  // State [L, rows, H]: row r of layer l is the H floats at (l · rows + r) · H.
  const size_t L = static_cast<size_t>(model_.config().layers), H = static_cast<size_t>(model_.config().hidden);
  const size_t old_rows = static_cast<size_t>(rows_), new_rows = rows.size();
  auto gather = [&](const std::vector<float>& from, std::vector<float>& to) {
    to.resize(L * new_rows * H);
    for (size_t l = 0; l < L; ++l)
      for (size_t i = 0; i < new_rows; ++i) {
        const auto r = static_cast<size_t>(rows[i]);
        if (r >= old_rows)
          throw Error("decoder select", "row " + std::to_string(r) + " of " + std::to_string(old_rows),
                      "select existing rows");
        std::copy_n(from.data() + (l * old_rows + r) * H, H, to.data() + (l * new_rows + i) * H);
      }
  };
  gather(state_.h, selected_.h);
  if (!state_.c.empty()) gather(state_.c, selected_.c);
  else selected_.c.clear();
  std::swap(state_, selected_);
  rows_ = static_cast<int>(new_rows);
}

}  // namespace lstmkit::models
