#include "lstmkit/models/s2s_task.h"

#include <algorithm>

#include "lstmkit/infer/translation_scores.h"
#include "lstmkit/infer/translator.h"
#include "lstmkit/text/normalizer.h"

namespace lstmkit::models {

nn::CrossEntropy evaluate_pairs(Seq2Seq& model, const data::S2sBatches& batches,
                                const std::function<void()>& between_batches) {
  data::S2sBatch b;
  double sum = 0;
  int64_t count = 0;
  for (size_t j = 0; j < batches.size(); ++j) {
    batches.fill(j, b);
    const nn::CrossEntropy ce = model.evaluate_batch(b);
    sum += ce.loss * static_cast<double>(ce.count);
    count += ce.count;
    if (between_batches) between_batches();
  }
  return {count > 0 ? sum / static_cast<double>(count) : 0.0, count};
}

S2sTask::S2sTask(Seq2Seq& model, std::vector<data::IdPair> train, std::vector<data::IdPair> val, size_t batch)
    : model_(model), train_(std::move(train), batch),
      mean_tokens_(static_cast<double>(train_.target_tokens()) / static_cast<double>(std::max<size_t>(train_.size(), 1))) {
  if (!val.empty()) val_.emplace(std::move(val), batch);
}

void S2sTask::begin_epoch(int, Rng& rng) { train_.shuffle(rng); }

train::BatchResult S2sTask::train_batch(int64_t index, Rng& rng) {
  train_.fill(static_cast<size_t>(index), batch_);
  // The whole batch's weight, also on a rank that trains part of it (the Trainer weighs the parts).
  const auto weight = static_cast<float>(static_cast<double>(batch_.target_tokens) / mean_tokens_);
  if (shard_.ranks > 1) {
    const dist::Range mine = shard_.of(static_cast<size_t>(batch_.batch));
    if (mine.size() == 0) return {0, 0};  // a short batch may leave a rank nothing
    data::take_columns(batch_, mine, part_);
  }
  const nn::CrossEntropy ce = model_.train_batch(shard_.ranks > 1 ? part_ : batch_, rng, weight);
  return {ce.loss, ce.count};
}

std::optional<double> S2sTask::validate() {
  if (!val_) return std::nullopt;
  return evaluate_pairs(model_, *val_).loss;
}

void S2sTask::set_validation_references(std::vector<data::SourceReferences> references) {
  std::vector<std::string> sources;
  for (data::SourceReferences& r : references) {
    sources.push_back(r.source);
    for (std::string& t : r.references) t = text::normalize(t, model_.target_vocab().normalization());
  }
  val_sources_ = infer::encode_lines(model_.source_vocab(), sources).ids;
  val_references_ = std::move(references);
}

std::vector<std::string> S2sTask::metric_names() const {
  if (val_references_.empty()) return {};
  return {"bleu", "chrf"};
}

std::map<std::string, double> S2sTask::validation_metrics() {
  if (val_references_.empty()) return {};
  std::vector<std::string> hypotheses;
  for (const auto& best : infer::translate(model_, val_sources_, infer::TranslateOptions{}))
    hypotheses.push_back(best.empty() ? "" : model_.target_vocab().decode(best.front().tokens));
  const infer::TranslationScores s = infer::score_translations(hypotheses, val_references_);
  return {{"bleu", s.bleu.score}, {"chrf", s.chrf}};
}

}  // namespace lstmkit::models
