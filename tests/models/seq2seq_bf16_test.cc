// The translator under --precision bf16: its recurrent stacks and its output layer (nn::Dense on a
// oneDNN bf16 matmul: at 4,000 BPE pieces the head is a third of a training step, and bf16 takes its
// forward and backward on a 2-core AMD EPYC from 144 to 89 CPU ms) against the f32 model on the same
// weights: the loss within bf16's rounding, gradients f32 and close, weights and metadata — the
// checkpoint — unchanged, a greedy step's choice alike. Skipped, with the reason, where oneDNN's ISA has no
// native bf16 (2.6.3's bf16 RNN crashes there).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "lstmkit/infer/greedy_decoder.h"
#include "lstmkit/models/seq2seq.h"
#include "support/compare.h"
#include "support/reversal_toy.h"

namespace lstmkit::models {
namespace {

using lstmkit::testing::letter_ids;
using lstmkit::testing::letter_vocab;

// train-s2s's default model in miniature (Luong attention, bidirectional encoder, embeddings), I ≠ H ≠ V.
std::unique_ptr<Seq2Seq> model(nn::Precision precision) {
  S2sConfig c{{nn::CellKind::lstm, 24, 1, 0.0f}, true, 16};
  c.attention = nn::AttentionKind::luong;
  c.bidirectional = true;
  c.precision = precision;
  auto m = std::make_unique<Seq2Seq>(letter_vocab("abcdefgh"), letter_vocab("stuvwxyz"), c);
  Rng rng(5);
  m->initialize(nn::InitScheme::torch, rng);
  return m;
}

data::S2sBatch batch(const Seq2Seq& m) {
  std::vector<data::IdPair> pairs = {{letter_ids(m.source_vocab(), "abcdh"), letter_ids(m.target_vocab(), "xyzs")},
                                     {letter_ids(m.source_vocab(), "hgfed"), letter_ids(m.target_vocab(), "tuvwxy")},
                                     {letter_ids(m.source_vocab(), "caged"), letter_ids(m.target_vocab(), "zz")}};
  data::S2sBatch b;
  data::S2sBatches(pairs, 3, 1).fill(0, b);
  return b;
}

#define SKIP_WITHOUT_NATIVE_BF16()                                                                      \
  if (!nn::has_native_bf16())                                                                           \
  GTEST_SKIP() << "oneDNN runs on " << nn::cpu_isa_name()                                               \
               << " here, without native bf16 (AVX512-BF16 or AMX): its bf16 RNN would crash"

TEST(Seq2SeqBf16, LossAndGradientsFollowF32WithinBf16Rounding) {
  SKIP_WITHOUT_NATIVE_BF16();
  auto f32 = model(nn::Precision::f32), bf16 = model(nn::Precision::bf16);
  const std::vector<float> weights(f32->parameters().values().begin(), f32->parameters().values().end());
  ASSERT_TRUE(testing::all_close(bf16->parameters().values(), weights, {.rel = 0, .abs = 0}));
  const data::S2sBatch b = batch(*f32);
  Rng r1(1), r2(1);
  const nn::CrossEntropy want = f32->train_batch(b, r1), got = bf16->train_batch(b, r2);
  // Every product rounds its operands to 8 significant bits: about 1% on a loss of ~2 nats.
  EXPECT_EQ(got.count, want.count);
  EXPECT_NEAR(got.loss, want.loss, 1e-2 * want.loss);
  EXPECT_NEAR(bf16->evaluate_batch(b).loss, f32->evaluate_batch(b).loss, 1e-2 * want.loss);
  // Gradients stay f32 and agree to bf16's rounding of the products they come from.
  double scale = 0.0;
  for (float g : f32->parameters().grads()) scale = std::max(scale, static_cast<double>(std::fabs(g)));
  ASSERT_GT(scale, 0.0);
  EXPECT_TRUE(testing::all_finite(bf16->parameters().grads()));
  EXPECT_TRUE(testing::all_close(bf16->parameters().grads(), f32->parameters().grads(),
                                 {.rel = 5e-2, .abs = 2e-2 * scale}));
  // The run changed no weight and the checkpoint's entries are the f32 model's: precision is per run.
  EXPECT_TRUE(testing::all_close(bf16->parameters().values(), weights, {.rel = 0, .abs = 0}));
  EXPECT_EQ(bf16->metadata(), f32->metadata());
}

TEST(Seq2SeqBf16, AGreedyStepChoosesAsF32Does) {
  SKIP_WITHOUT_NATIVE_BF16();
  auto f32 = model(nn::Precision::f32), bf16 = model(nn::Precision::bf16);
  // Peaked outputs, so that bf16's rounding cannot flip the choice.
  for (auto* m : {f32.get(), bf16.get()}) {
    for (float& w : m->parameters().values()) w *= 3.0f;
    m->parameters().mark_updated();
  }
  const std::vector<int32_t> source = letter_ids(f32->source_vocab(), "abcdhgfedc");  // [T 5, N 2]
  const auto want = infer::greedy_decode(*f32, 5, 2, source.data(), 1);
  const auto got = infer::greedy_decode(*bf16, 5, 2, source.data(), 1);
  for (size_t n = 0; n < want.size(); ++n) {
    EXPECT_EQ(got[n].tokens, want[n].tokens) << "sentence " << n;
    EXPECT_NEAR(got[n].log_prob, want[n].log_prob, 0.02 + 0.02 * std::fabs(want[n].log_prob)) << "sentence " << n;
  }
}

}  // namespace
}  // namespace lstmkit::models
