#include "lstmkit/infer/lm_evaluation.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "lstmkit/error.h"

namespace lstmkit::infer {

double LmScore::bits() const { return nats / std::numbers::ln2; }
double LmScore::perplexity() const { return std::exp(nats); }

LmScore evaluate_stream(models::LanguageModel& model, const std::vector<int32_t>& ids, int chunk,
                        const std::function<void()>& between_chunks) {
  if (ids.size() < 2) throw Error("text", "needs at least two tokens to score", "give a longer text");
  nn::RecurrentState state;
  double sum = 0;
  int64_t count = 0;
  const size_t predicted = ids.size() - 1;
  for (size_t begin = 0; begin < predicted; begin += chunk) {
    const int T = static_cast<int>(std::min<size_t>(chunk, predicted - begin));
    const nn::CrossEntropy ce = model.evaluate_batch(T, 1, ids.data() + begin, ids.data() + begin + 1, state);
    sum += ce.loss * static_cast<double>(ce.count);
    count += ce.count;
    if (between_chunks) between_chunks();
  }
  return {sum / static_cast<double>(count), count};
}

}  // namespace lstmkit::infer
