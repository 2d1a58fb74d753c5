#pragma once
// The translator training job as one call: read the pairs, split off validation by source sentence
// (or read validation pairs), learn subword units or count the vocabularies (or take the run's,
// resuming), build and initialise the model, train with the shared Trainer, validation metrics
// included. The command-line program and the Python package are front ends over it. Errors name this
// struct's fields (`val_frac`, `max_len`), never a front end's spelling of them; so do its notes.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "lstmkit/jobs/pairs_input.h"
#include "lstmkit/jobs/token_trainer_options.h"
#include "lstmkit/jobs/train_epoch.h"
#include "lstmkit/models/seq2seq.h"
#include "lstmkit/nn/init.h"
#include "lstmkit/text/corpus.h"
#include "lstmkit/text/token_counts.h"
#include "lstmkit/train/reporter.h"
#include "lstmkit/train/trainer.h"

namespace lstmkit::jobs {

// The translator for an attention choice. With attention, the better model (the README's translate
// section): learned embeddings of 256 and a bidirectional encoder; without, the seed's (Keras'
// lstm_seq2seq shape, one-hot inputs, one direction). Both 1×256 LSTM, the source read backwards.
models::S2sConfig default_s2s_model(std::optional<nn::AttentionKind> attention = nn::AttentionKind::luong);

// Completes `model` after a front end set what its user gave: the fields left out follow its attention
// as default_s2s_model's, except that tying embeddings without a width takes hidden, the one it allows.
void resolve_s2s_defaults(models::S2sConfig& model, bool embed_given, bool bidirectional_given);

struct S2sTrainConfig {
  PairsInput pairs;       // training pairs; validation is drawn from them unless val_pairs is given
  PairsInput val_pairs;   // validation pairs, read whole (no limit)
  double val_frac = 0.1;  // fraction of the distinct sources held out with all their translations
  size_t val_sources = 0;  // hold out exactly this many sources instead (0: val_frac)
  std::filesystem::path write_split;  // write train.tsv and valid.tsv here (empty: nowhere)
  size_t limit = 0;        // the first pairs only (0: all)
  size_t max_len = 0;      // drop pairs with a side longer than this many tokens (0: keep all)
  bool skip_bad_lines = false;  // lines without a tab are counted and skipped instead of an error
  text::TextOptions text;  // unit (char, word, bpe, unigram), normalisation, invalid UTF-8
  text::VocabLimits vocab_limits;  // char and word vocabularies
  int vocab_size = 8000;   // pieces of each side's bpe or unigram model, the specials included
  models::S2sConfig model = default_s2s_model();
  nn::InitScheme init = nn::InitScheme::keras;
  int batch = 64;          // pairs per batch (N), grouped by exact source length
  train::TrainerOptions trainer = token_trainer_options();
  // Called once the model's size is known and before it is allocated (the command-line program refuses
  // what cannot fit in memory there): V_s, V_t, and the most time steps a pair takes (both sides and </s>).
  std::function<void(const models::S2sConfig& model, int source_vocab, int target_vocab, size_t longest_pair)>
      before_building;
  // Called after each epoch, once it is validated and its checkpoints are written.
  std::function<void(const TrainEpoch& epoch)> on_epoch;
};

struct TrainS2sResult {
  train::TrainResult run;
  std::unique_ptr<models::Seq2Seq> model;  // the weights of the last step taken
  std::filesystem::path best_model;        // out/model.safetensors (by the run's best_by)
  size_t train_pairs = 0;
  size_t val_pairs = 0;
};

// Checks the config's own fields before any data is read. Throws lstmkit::UsageError naming the field.
void validate(const S2sTrainConfig& config);

// Trains as configured and reports through `reporter`: the data's warnings, a line on the data and the
// model, the precision, then the Trainer's progress, epochs and notes. Ctrl-C is the caller's to route
// (train::request_interrupt: the run saves last.safetensors and returns with outcome interrupted).
TrainS2sResult train_s2s(const S2sTrainConfig& config, train::Reporter& reporter);

}  // namespace lstmkit::jobs
