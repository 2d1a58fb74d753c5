#pragma once
// How good a set of translations is, one hypothesis per distinct source sentence, each scored against
// every reference translation of its source (data/pair_split.h's references_by_source): corpus BLEU and
// chrF with sacreBLEU's multi-reference rules (bleu.h, chrf.h) and exact matches. `lstmkit eval` (a
// model's translations, or a file of another program's) and validation during training both score
// through this one function, so their numbers compare.
#include <cstddef>
#include <string>
#include <vector>

#include "lstmkit/data/pair_split.h"
#include "lstmkit/infer/bleu.h"

namespace lstmkit::infer {

struct TranslationScores {
  Bleu bleu;
  double chrf = 0;     // [0, 100]
  size_t exact = 0;    // hypotheses equal to one of their references, byte for byte
  size_t sources = 0;  // hypotheses scored
  size_t references = 0;
};

// hypotheses[i] translates sources[i].source. Throws lstmkit::Error when the counts differ.
TranslationScores score_translations(const std::vector<std::string>& hypotheses,
                                     const std::vector<data::SourceReferences>& sources);

}  // namespace lstmkit::infer
