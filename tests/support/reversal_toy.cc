#include "support/reversal_toy.h"

#include <cmath>

#include "lstmkit/infer/translator.h"
#include "lstmkit/models/s2s_task.h"
#include "lstmkit/optim/config.h"
#include "lstmkit/rng.h"
#include "lstmkit/train/trainer.h"

namespace lstmkit::testing {

text::Vocab letter_vocab(const std::string& chars) {
  std::vector<std::string> tokens;
  for (char c : chars) tokens.emplace_back(1, c);
  return text::Vocab::build(text::TokenCounts(tokens), text::Unit::grapheme, text::Normalization::nfc);
}

std::vector<int32_t> letter_ids(const text::Vocab& v, const std::string& s) {
  std::vector<int32_t> out;
  for (char c : s) out.push_back(v.id(std::string(1, c)));
  return out;
}

std::vector<std::string> abc_strings(int max_length) {
  std::vector<std::string> strings;
  for (int n = 1; n <= max_length; ++n)
    for (int code = 0, count = static_cast<int>(std::pow(3, n)); code < count; ++code) {
      std::string s;
      for (int i = 0, c = code; i < n; ++i, c /= 3) s.push_back(static_cast<char>('a' + c % 3));
      strings.push_back(s);
    }
  return strings;
}

size_t learn_reversal(models::Seq2Seq& model, const std::vector<std::string>& sources, int copies, int epochs,
                      const std::filesystem::path& out) {
  Rng init(1);
  model.initialize(nn::InitScheme::keras, init);
  std::vector<data::IdPair> train;
  for (int copy = 0; copy < copies; ++copy)
    for (const auto& s : sources)
      train.push_back({letter_ids(model.source_vocab(), s), letter_ids(model.target_vocab(), {s.rbegin(), s.rend()})});
  models::S2sTask task(model, std::move(train), {}, 16);
  train::TrainerOptions options;
  options.out = out;
  options.epochs = epochs;
  options.optimizer = optim::default_config(optim::OptimizerKind::adam);
  options.optimizer.lr = options.schedule.lr = 1e-2;
  train::SilentReporter quiet;
  train::Trainer(task, options, quiet).run();

  std::vector<std::vector<int32_t>> inputs;
  for (const auto& s : sources) inputs.push_back(letter_ids(model.source_vocab(), s));
  const auto outputs = infer::translate(model, inputs, {});
  size_t exact = 0;
  for (size_t i = 0; i < sources.size(); ++i)
    exact += model.target_vocab().decode(outputs[i].front().tokens) == std::string(sources[i].rbegin(), sources[i].rend());
  return exact;
}

}  // namespace lstmkit::testing
