#pragma once
// Ctrl-C during an inference job (translate, evaluate_translations, sample, evaluate_lm, predict_windows,
// forecast).
// The jobs check the flag train::request_interrupt() sets — the one training checks, so the program's
// signal watcher and Python's job thread stop every job the same way — between batches (a sample between
// tokens), and stop by throwing Interrupted: a result cut short is not returned, since one that looks
// whole would be a silent wrong answer. The checks live in the jobs, not in the infer/models loops they
// pass them to, because training calls those loops too and stops by saving, not by throwing.
#include "lstmkit/error.h"

namespace lstmkit::jobs {

class Interrupted : public Error {
 public:
  Interrupted();
};

// Throws Interrupted once an interrupt has been requested.
void stop_if_interrupted();

}  // namespace lstmkit::jobs
