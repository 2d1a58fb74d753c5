#pragma once
// Training and validation pairs split by source sentence. Tatoeba-style files give one source several
// translations; drawing pairs at random would put some translations of a source in training and others
// in validation, and validation would score sentences the model has seen. Here every source falls on
// one side with all its translations, drawn at random (Rng(seed)), never by position (such files are
// sorted by length). The groups also give validation's references per source, for multi-reference
// scoring.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lstmkit/data/pairs.h"

namespace lstmkit::data {

// Indices of the pairs of each distinct source (compared byte for byte), in file order; the groups in
// the order their sources first appear.
std::vector<std::vector<size_t>> group_by_source(const std::vector<TextPair>& pairs);

struct SourceSplitOptions {
  double val_frac = 0.1;   // fraction of the distinct sources held out (rounded), used when val_sources is 0
  size_t val_sources = 0;  // exactly this many sources held out
  uint64_t seed = 1;
};

// Indices of the pairs for training and validation (PairSplit, pairs.h), each list in increasing
// (file) order. The same pairs, options and seed give the same split. lstmkit::Error for val_frac
// outside [0, 1), or when the split would leave no source for training.
PairSplit split_by_source(const std::vector<TextPair>& pairs, const SourceSplitOptions& options);

// One source with every reference translation of it among `indices`, for multi-reference metrics.
struct SourceReferences {
  std::string source;
  std::vector<std::string> references;  // in file order
};
std::vector<SourceReferences> references_by_source(const std::vector<TextPair>& pairs,
                                                   const std::vector<size_t>& indices);

// `dir`/train.tsv and `dir`/valid.tsv: the split's pairs as `source<TAB>target` lines in file order,
// each written atomically (the directory is created if needed). A file that already exists must hold
// exactly those bytes (it is then left alone): otherwise lstmkit::Error before anything is written.
void write_split(const std::filesystem::path& dir, const std::vector<TextPair>& pairs, const PairSplit& split);

}  // namespace lstmkit::data
