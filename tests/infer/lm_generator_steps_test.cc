// Batch-1 sampling builds nothing per step: once the first call has made its plans (the prime's length
// and T = 1), a long generation creates no oneDNN primitive and grows no buffer — counted by
// nn::build_counts() — in f32 and, where the CPU has native bf16, in bf16 (recurrent layers and head).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lstmkit/infer/lm_generator.h"
#include "lstmkit/nn/build_counts.h"
#include "support/tiny_language_model.h"

namespace lstmkit::infer {

namespace {

void expect_flat_after_first_call(nn::Precision precision) {
  auto model = lstmkit::testing::tiny_language_model(precision);
  LmGenerator generator(*model, SamplerOptions{});
  const std::vector<int32_t> prime = prime_ids(model->vocab(), "the ").ids;
  Rng rng(5);
  int64_t emitted = 0;
  auto count = [&](const std::string&) { ++emitted; };
  generator.generate(prime, 3, rng, count);
  const nn::BuildCounts before = nn::build_counts();
  generator.generate(prime, 300, rng, count);
  const nn::BuildCounts after = nn::build_counts();
  EXPECT_EQ(emitted, 303);
  EXPECT_EQ(after.primitives, before.primitives) << "primitives created during 300 sampling steps";
  EXPECT_EQ(after.buffers, before.buffers) << "buffers (re)allocated during 300 sampling steps";
}

}  // namespace

TEST(LmGeneratorSteps, F32StepsCreateNoPrimitiveAndGrowNoBuffer) {
  expect_flat_after_first_call(nn::Precision::f32);
}

TEST(LmGeneratorSteps, Bf16StepsCreateNoPrimitiveAndGrowNoBuffer) {
  if (!nn::has_native_bf16())
    GTEST_SKIP() << "oneDNN runs on " << nn::cpu_isa_name() << " here, without native bf16 (AVX512-BF16 or AMX)";
  expect_flat_after_first_call(nn::Precision::bf16);
}

TEST(LmGeneratorSteps, TheFirstCallIsCounted) {
  // The counters see the plans being built, so a flat count above means something.
  const nn::BuildCounts before = nn::build_counts();
  auto model = lstmkit::testing::tiny_language_model(nn::Precision::f32);
  LmGenerator generator(*model, SamplerOptions{});
  Rng rng(5);
  generator.generate(prime_ids(model->vocab(), "fox").ids, 2, rng, [](const std::string&) {});
  const nn::BuildCounts after = nn::build_counts();
  EXPECT_GT(after.primitives, before.primitives);
  EXPECT_GT(after.buffers, before.buffers);
}

}  // namespace lstmkit::infer
