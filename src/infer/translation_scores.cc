#include "lstmkit/infer/translation_scores.h"

#include <algorithm>

#include "lstmkit/error.h"
#include "lstmkit/infer/chrf.h"

namespace lstmkit::infer {

TranslationScores score_translations(const std::vector<std::string>& hypotheses,
                                     const std::vector<data::SourceReferences>& sources) {
  if (hypotheses.size() != sources.size())
    throw Error("scoring translations",
                std::to_string(hypotheses.size()) + " translations for " + std::to_string(sources.size()) +
                    " source sentences",
                "give one translation per distinct source sentence, in the order the sources first appear");
  std::vector<std::vector<std::string>> references;
  references.reserve(sources.size());
  TranslationScores s;
  for (size_t i = 0; i < sources.size(); ++i) {
    const std::vector<std::string>& refs = references.emplace_back(sources[i].references);
    s.exact += std::find(refs.begin(), refs.end(), hypotheses[i]) != refs.end();
    s.references += refs.size();
  }
  s.bleu = corpus_bleu(hypotheses, references);
  s.chrf = corpus_chrf(hypotheses, references);
  s.sources = hypotheses.size();
  return s;
}

}  // namespace lstmkit::infer
