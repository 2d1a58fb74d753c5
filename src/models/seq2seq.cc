#include "lstmkit/models/seq2seq.h"

#include <algorithm>

#include "config_json.h"
#include "model_file.h"
#include "lstmkit/error.h"

namespace lstmkit::models {

namespace {

constexpr char kEncoder[] = "encoder.rnn", kBridge[] = "bridge", kDecoder[] = "decoder", kHead[] = "head";  // tensor prefixes
constexpr char kSourceEmbed[] = "encoder.embed", kTargetEmbed[] = "decoder.embed";

// The decoder's input width, after checking that a tied embedding can be the head's weight.
int target_width(const S2sConfig& c, int target_vocab_size) {
  TokenInput::check_tying(kTargetEmbed, c.embed, c.hidden, c.tie_embeddings);
  return TokenInput::width(target_vocab_size, c.embed);
}

nn::RecurrentConfig encoder_config(const S2sConfig& c, int source_vocab_size) {
  nn::RecurrentConfig r = c.recurrent(TokenInput::width(source_vocab_size, c.embed));
  r.bidirectional = c.bidirectional;
  return r;
}

int memory_width(const S2sConfig& c) { return (c.bidirectional ? 2 : 1) * c.hidden; }

nn::AttentionDecoderConfig attention_config(const S2sConfig& c, int target_vocab_size) {
  return {c.cell, target_width(c, target_vocab_size), c.hidden, c.layers, memory_width(c), *c.attention, c.dropout,
          c.precision};
}

nn::BridgeConfig bridge_config(const S2sConfig& c) { return {c.cell, c.layers, c.hidden, c.hidden}; }

std::unique_ptr<nn::RecurrentBridge> make_bridge(nn::Parameters& params, const S2sConfig& c) {
  return c.bidirectional ? std::make_unique<nn::RecurrentBridge>(params, kBridge, bridge_config(c)) : nullptr;
}

std::unique_ptr<nn::Recurrent> make_decoder(nn::Parameters& params, const S2sConfig& c, int target_vocab_size) {
  return c.attention ? nullptr
                     : std::make_unique<nn::Recurrent>(params, std::string(kDecoder) + ".rnn",
                                                       c.recurrent(target_width(c, target_vocab_size)));
}

std::unique_ptr<nn::AttentionDecoder> make_attention_decoder(nn::Parameters& params, const S2sConfig& c,
                                                             int target_vocab_size) {
  return c.attention ? std::make_unique<nn::AttentionDecoder>(params, kDecoder, attention_config(c, target_vocab_size))
                     : nullptr;
}

float* grow(std::vector<float>& v, size_t n) {
  if (v.size() < n) v.resize(n);
  return v.data();
}

}  // namespace

std::string s2s_config_json(const S2sConfig& c, int source_vocab_size, int target_vocab_size) {
  nlohmann::json j = stack_json(c);
  j["reverse_source"] = c.reverse_source;
  j["source_vocab_size"] = source_vocab_size;
  j["target_vocab_size"] = target_vocab_size;
  write_embedding(j, c.embed, c.tie_embeddings);
  if (c.attention) j["attention"] = nn::attention_name(*c.attention);
  if (c.bidirectional) j["bidirectional"] = true;
  return j.dump();
}

S2sConfig s2s_config_from_json(const std::string& text, const std::string& source) {
  return parse_config(text, source, [&](const nlohmann::json& j) {
    S2sConfig c;
    read_stack(j, source, c);
    c.reverse_source = j.at("reverse_source").get<bool>();
    read_embedding(j, source, c.embed, c.tie_embeddings);
    if (j.contains("attention")) c.attention = nn::parse_attention(j.at("attention").get<std::string>(), "attention");
    c.bidirectional = j.contains("bidirectional") && j.at("bidirectional").get<bool>();
    return c;
  });
}

Seq2Seq::Seq2Seq(text::Vocab source_vocab, text::Vocab target_vocab, const S2sConfig& config)
    : Model(ModelKind::s2s), source_vocab_(std::move(source_vocab)), target_vocab_(std::move(target_vocab)),
      config_(config),
      encoder_(params_, kEncoder, encoder_config(config, source_vocab_.size())),
      bridge_(make_bridge(params_, config)),
      decoder_(make_decoder(params_, config, target_vocab_.size())),
      attention_decoder_(make_attention_decoder(params_, config, target_vocab_.size())),
      head_(params_, kHead, config.hidden, target_vocab_.size(), config.precision),
      source_input_(params_, kSourceEmbed, source_vocab_.size(), config.embed),
      target_input_(config.tie_embeddings ? TokenInput(params_, kTargetEmbed, head_.weight())
                                          : TokenInput(params_, kTargetEmbed, target_vocab_.size(), config.embed)) {}

std::vector<nn::ParamShape> Seq2Seq::parameter_shapes(const S2sConfig& config, int source_vocab_size,
                                                      int target_vocab_size) {
  std::vector<nn::ParamShape> shapes = nn::Recurrent::parameter_shapes(kEncoder, encoder_config(config, source_vocab_size));
  auto add = [&](std::vector<nn::ParamShape> more) { shapes.insert(shapes.end(), more.begin(), more.end()); };
  if (config.bidirectional) add(nn::RecurrentBridge::parameter_shapes(kBridge, bridge_config(config)));
  if (config.attention)
    add(nn::AttentionDecoder::parameter_shapes(kDecoder, attention_config(config, target_vocab_size)));
  else
    add(nn::Recurrent::parameter_shapes(std::string(kDecoder) + ".rnn",
                                        config.recurrent(target_width(config, target_vocab_size))));
  add(nn::Dense::parameter_shapes(kHead, config.hidden, target_vocab_size));
  add(TokenInput::parameter_shapes(kSourceEmbed, source_vocab_size, config.embed));
  add(TokenInput::parameter_shapes(kTargetEmbed, target_vocab_size, config.embed));
  return shapes;
}

std::unique_ptr<Seq2Seq> Seq2Seq::load(const std::filesystem::path& path, nn::Precision precision) {
  const ModelFile file(path, ModelKind::s2s);
  text::Vocab src = file.vocab("source_vocab");
  text::Vocab tgt = file.vocab("target_vocab");
  S2sConfig config = s2s_config_from_json(file.config(), file.source());
  config.precision = precision;
  file.check_tensors([&] { return parameter_shapes(config, src.size(), tgt.size()); });
  return file.load_weights(std::make_unique<Seq2Seq>(std::move(src), std::move(tgt), config));
}

void Seq2Seq::initialize(nn::InitScheme scheme, Rng& rng) {
  encoder_.initialize(scheme, rng);
  if (bridge_) bridge_->initialize(scheme, rng);
  if (decoder_) decoder_->initialize(scheme, rng);
  if (attention_decoder_) attention_decoder_->initialize(scheme, rng);
  head_.initialize(scheme, rng);
  source_input_.initialize(scheme, rng);
  target_input_.initialize(scheme, rng);
}

io::Metadata Seq2Seq::own_metadata() const {
  return {{"config", s2s_config_json(config_, source_vocab_.size(), target_vocab_.size())},
          {"source_vocab", source_vocab_.to_json()},
          {"target_vocab", target_vocab_.to_json()}};
}

size_t Seq2Seq::cached_shapes() const {
  return encoder_.stats().plans + (decoder_ ? decoder_->stats() : attention_decoder_->rnn().stats()).plans;
}

const nn::RecurrentState& Seq2Seq::decoder_init(int N) {
  if (!bridge_) return encoded_;
  bridge_->forward(N, encoded_, bridged_);
  return bridged_;
}

void Seq2Seq::forward(const data::S2sBatch& b, Rng* dropout_rng) {
  const int Ts = b.source_len, Tt = b.target_len, N = b.batch, H = config_.hidden;
  const int rows = Tt * N;
  y_enc_.resize(static_cast<size_t>(Ts) * N * memory_width(config_));
  y_dec_.resize(static_cast<size_t>(rows) * H);
  logits_.resize(static_cast<size_t>(rows) * target_vocab_.size());
  const float* xs = source_input_.forward(Ts, N, b.source.data(), config_.reverse_source);
  bank_owner_ = nullptr;  // the attention is given this batch's bank
  if (dropout_rng) encoder_.forward_training(Ts, N, xs, nullptr, y_enc_.data(), &encoded_, *dropout_rng);
  else encoder_.forward_inference(Ts, N, xs, nullptr, y_enc_.data(), &encoded_);
  const nn::RecurrentState& init = decoder_init(N);
  const float* xt = target_input_.forward(Tt, N, b.decoder_input.data());
  if (attention_decoder_) {
    lengths_.assign(static_cast<size_t>(N), Ts);  // a batch's sources all have T_s tokens (s2s_batches.h)
    if (dropout_rng) {
      attention_decoder_->forward_training(Tt, N, xt, Ts, y_enc_.data(), lengths_.data(), &init, y_dec_.data(),
                                           nullptr, *dropout_rng);
    } else {  // the decoding steps: no dropout, nothing kept for a backward
      attention_decoder_->begin_inference(Ts, N, y_enc_.data(), lengths_.data());
      nn::AttentionDecoderState state{init, {}};
      const size_t NE = static_cast<size_t>(N) * target_input_.width(), NH = static_cast<size_t>(N) * H;
      for (int t = 0; t < Tt; ++t) attention_decoder_->step(xt + t * NE, state, y_dec_.data() + t * NH, nullptr);
    }
  } else if (dropout_rng) {
    decoder_->forward_training(Tt, N, xt, &init, y_dec_.data(), nullptr, *dropout_rng);
  } else {
    decoder_->forward_inference(Tt, N, xt, &init, y_dec_.data(), nullptr);
  }
  head_.forward(rows, y_dec_.data(), logits_.data());
}

nn::CrossEntropy Seq2Seq::train_batch(const data::S2sBatch& b, Rng& dropout_rng, float scale) {
  const int Ts = b.source_len, Tt = b.target_len, N = b.batch, H = config_.hidden;
  const int rows = Tt * N;
  forward(b, &dropout_rng);
  dlogits_.resize(logits_.size());
  const nn::CrossEntropy ce = nn::softmax_cross_entropy(rows, target_vocab_.size(), logits_.data(),
                                                        b.decoder_target.data(), dlogits_.data(), text::kPadId,
                                                        label_smoothing_);
  if (scale != 1.0f)
    for (float& d : dlogits_) d *= scale;
  // Backward in reverse order: head, decoder (whose d(initial state) is the bridge's or the encoder's
  // d(final state), and with attention also gives d(encoder outputs)) and its embedding, the bridge, the
  // encoder and its embedding. Without attention the encoder's outputs do not feed the loss, so their
  // gradient is zero; one-hot inputs need no gradient. Each part's gradients are final when it ends (a
  // data-parallel run sends them then).
  const bool embedded = target_input_.wants_gradient();
  dy_.resize(static_cast<size_t>(rows) * H);
  dy_enc_.resize(y_enc_.size());
  float* dx = embedded ? grow(dx_, static_cast<size_t>(std::max(Tt, Ts)) * N * config_.embed) : nullptr;
  params_.backward_started(ce.count);
  head_.backward(rows, y_dec_.data(), dlogits_.data(), dy_.data());
  params_.gradients_final(std::string(kHead) + ".");
  if (attention_decoder_) {
    attention_decoder_->backward(dy_.data(), dx, dy_enc_.data(), &dinit_);
  } else {
    decoder_->backward(dy_.data(), nullptr, dx, &dinit_);
    std::fill(dy_enc_.begin(), dy_enc_.end(), 0.0f);
  }
  if (embedded) target_input_.backward(dx);
  params_.gradients_final(std::string(kDecoder) + ".");
  if (bridge_) {
    bridge_->backward(dinit_, dencoded_);
    params_.gradients_final(std::string(kBridge) + ".");
  }
  encoder_.backward(dy_enc_.data(), bridge_ ? &dencoded_ : &dinit_, dx, nullptr);
  if (embedded) source_input_.backward(dx);
  params_.gradients_final("encoder.");
  return ce;
}

nn::CrossEntropy Seq2Seq::evaluate_batch(const data::S2sBatch& b) {
  forward(b, nullptr);
  return nn::softmax_cross_entropy(b.target_len * b.batch, target_vocab_.size(), logits_.data(),
                                   b.decoder_target.data(), nullptr, text::kPadId);
}

EncoderState Seq2Seq::encode(int T, int N, const int32_t* source) {
  EncoderState out;
  out.source_length = T;
  if (T == 0 && !attention_decoder_) {  // nothing read: the encoder's initial (zero) state
    const size_t LNH = static_cast<size_t>(config_.layers) * (config_.bidirectional ? 2 : 1) * N * config_.hidden;
    encoded_.h.assign(LNH, 0.0f);
    if (config_.cell == nn::CellKind::lstm) encoded_.c.assign(LNH, 0.0f);
    else encoded_.c.clear();
  } else {
    const std::vector<int32_t> pads(T == 0 ? static_cast<size_t>(N) : 0, text::kPadId);
    if (T == 0) T = 1, source = pads.data();
    y_enc_.resize(static_cast<size_t>(T) * N * memory_width(config_));
    encoder_.forward_inference(T, N, source_input_.forward(T, N, source, config_.reverse_source), nullptr,
                               y_enc_.data(), &encoded_);
    if (attention_decoder_) {
      out.steps = T;
      out.memory = y_enc_;
    }
  }
  out.initial = decoder_init(N);
  return out;
}

void Seq2Seq::begin_decoding(const DecoderSession* owner, int S, int N, const float* memory, const int* lengths) {
  attention_decoder_->begin_inference(S, N, memory, lengths);
  bank_owner_ = owner;
}

void Seq2Seq::decode_step(int N, const int32_t* tokens, nn::AttentionDecoderState& state, float* log_probs,
                          float* align) {
  y_dec_.resize(static_cast<size_t>(N) * config_.hidden);
  const float* x = target_input_.forward(1, N, tokens);
  if (attention_decoder_) attention_decoder_->step(x, state, y_dec_.data(), align);
  else decoder_->forward_inference(1, N, x, &state.rnn, y_dec_.data(), &state.rnn);
  head_.forward(N, y_dec_.data(), log_probs);
  nn::log_softmax(N, target_vocab_.size(), log_probs, log_probs);
}

void DecoderSession::start(EncoderState state) {
  encoded_ = std::move(state);
  state_.rnn = std::move(encoded_.initial);
  state_.feed.clear();
  const size_t per_row = static_cast<size_t>(model_.config().layers) * model_.config().hidden;
  rows_ = sentences_ = static_cast<int>(state_.rnn.h.size() / per_row);
  if (!model_.config().attention) return;
  source_of_row_.resize(static_cast<size_t>(rows_));
  for (int r = 0; r < rows_; ++r) source_of_row_[r] = r;
  attend_rows();
}

void DecoderSession::attend_rows() {
  const size_t S = static_cast<size_t>(encoded_.steps), R = static_cast<size_t>(rows_);
  const size_t N = static_cast<size_t>(sentences_), M = encoded_.memory.size() / (S * N);
  memory_.resize(S * R * M);
  for (size_t s = 0; s < S; ++s)
    for (size_t r = 0; r < R; ++r)
      std::copy_n(encoded_.memory.data() + (s * N + static_cast<size_t>(source_of_row_[r])) * M, M,
                  memory_.data() + (s * R + r) * M);
  lengths_.assign(R, encoded_.steps);
  model_.begin_decoding(this, encoded_.steps, rows_, memory_.data(), lengths_.data());
}

std::span<const float> DecoderSession::step(std::span<const int32_t> tokens) {
  if (static_cast<int>(tokens.size()) != rows_)
    throw Error("decoder step", std::to_string(tokens.size()) + " tokens for " + std::to_string(rows_) + " rows",
                "pass one previous token per row");
  log_probs_.resize(static_cast<size_t>(rows_) * vocab_size());
  float* align = nullptr;
  if (model_.config().attention) {
    if (!model_.decoding_for(this)) attend_rows();  // another session or a batch used the attention since
    align_.resize(static_cast<size_t>(rows_) * encoded_.steps);
    align = align_.data();
  }
  model_.decode_step(rows_, tokens.data(), state_, log_probs_.data(), align);
  return log_probs_;
}

void DecoderSession::select(std::span<const int32_t> rows) {
  // Per-row state [L, rows, W]: row r of layer l is the W floats at (l · rows + r) · W.
  const size_t L = static_cast<size_t>(model_.config().layers), H = static_cast<size_t>(model_.config().hidden);
  const size_t old_rows = static_cast<size_t>(rows_), new_rows = rows.size();
  for (const int32_t r : rows)
    if (r < 0 || static_cast<size_t>(r) >= old_rows)
      throw Error("decoder select", "row " + std::to_string(r) + " of " + std::to_string(old_rows),
                  "select existing rows");
  auto gather = [&](const std::vector<float>& from, std::vector<float>& to, size_t layers) {
    to.resize(layers * new_rows * H);
    for (size_t l = 0; l < layers; ++l)
      for (size_t i = 0; i < new_rows; ++i)
        std::copy_n(from.data() + (l * old_rows + static_cast<size_t>(rows[i])) * H, H,
                    to.data() + (l * new_rows + i) * H);
  };
  gather(state_.rnn.h, selected_.rnn.h, L);
  if (!state_.rnn.c.empty()) gather(state_.rnn.c, selected_.rnn.c, L);
  else selected_.rnn.c.clear();
  if (!state_.feed.empty()) gather(state_.feed, selected_.feed, 1);
  else selected_.feed.clear();
  std::swap(state_, selected_);
  rows_ = static_cast<int>(new_rows);
  if (!model_.config().attention) return;
  next_source_.resize(new_rows);
  for (size_t i = 0; i < new_rows; ++i) next_source_[i] = source_of_row_[static_cast<size_t>(rows[i])];
  if (next_source_ == source_of_row_) return;  // beam search's reorderings within a sentence: same banks
  std::swap(source_of_row_, next_source_);
  attend_rows();
}

int32_t DecoderSession::attended(int row) const {
  if (!model_.config().attention)
    throw Error("decoder alignment", "the model has no attention", "ask for alignments of an attention model");
  const size_t S = static_cast<size_t>(encoded_.steps);
  if (row < 0 || row >= rows_ || align_.size() < static_cast<size_t>(rows_) * S)
    throw Error("decoder alignment", "no step taken for row " + std::to_string(row), "call step() first");
  const float* a = align_.data() + static_cast<size_t>(row) * S;
  const auto p = static_cast<int32_t>(std::max_element(a, a + S) - a);
  if (encoded_.source_length == 0) return -1;
  return model_.config().reverse_source ? encoded_.source_length - 1 - p : p;
}

}  // namespace lstmkit::models
