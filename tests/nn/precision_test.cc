// Precision names, `auto` and the refusal of bf16 where oneDNN has no native bf16, decided from the
// ISA alone (so every branch is tested on any machine), and the refusal by Recurrent itself.
#include "lstmkit/nn/precision.h"

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "lstmkit/nn/recurrent.h"

namespace lstmkit::nn {
namespace {

using dnnl::cpu_isa;

TEST(Precision, ParsesTheThreeNames) {
  EXPECT_EQ(parse_precision("auto"), PrecisionRequest::automatic);
  EXPECT_EQ(parse_precision("f32"), PrecisionRequest::f32);
  EXPECT_EQ(parse_precision("bf16"), PrecisionRequest::bf16);
  EXPECT_THROW(parse_precision("fp16"), UsageError);
  EXPECT_THROW(parse_precision("BF16"), UsageError);
  EXPECT_EQ(precision_name(Precision::f32), "f32");
  EXPECT_EQ(precision_name(Precision::bf16), "bf16");
}

TEST(Precision, NativeBf16IsAvx512Bf16OrAmx) {
  EXPECT_TRUE(has_native_bf16(cpu_isa::avx512_core_bf16));
  EXPECT_TRUE(has_native_bf16(cpu_isa::avx512_core_amx));
  for (cpu_isa isa : {cpu_isa::avx2, cpu_isa::avx512_core, cpu_isa::avx512_core_vnni, cpu_isa::avx2_vnni})
    EXPECT_FALSE(has_native_bf16(isa)) << cpu_isa_name(isa);
  EXPECT_EQ(cpu_isa_name(cpu_isa::avx512_core_amx), "avx512_core_amx");
}

TEST(Precision, AutoPicksBf16OnlyWhereNative) {
  EXPECT_EQ(resolve_precision(PrecisionRequest::automatic, cpu_isa::avx512_core_bf16), Precision::bf16);
  EXPECT_EQ(resolve_precision(PrecisionRequest::automatic, cpu_isa::avx512_core_amx), Precision::bf16);
  EXPECT_EQ(resolve_precision(PrecisionRequest::automatic, cpu_isa::avx512_core), Precision::f32);
  EXPECT_EQ(resolve_precision(PrecisionRequest::automatic, cpu_isa::avx2), Precision::f32);
}

TEST(Precision, ExplicitChoicesAreKeptOrRefused) {
  EXPECT_EQ(resolve_precision(PrecisionRequest::f32, cpu_isa::avx512_core_amx), Precision::f32);
  EXPECT_EQ(resolve_precision(PrecisionRequest::bf16, cpu_isa::avx512_core_bf16), Precision::bf16);
  try {
    resolve_precision(PrecisionRequest::bf16, cpu_isa::avx2);
    FAIL() << "bf16 on avx2 was accepted";
  } catch (const Error& e) {
    EXPECT_NE(e.what_is_wrong().find("avx2"), std::string::npos) << e.what_is_wrong();
    EXPECT_NE(e.hint().find("f32"), std::string::npos) << e.hint();
  }
}

// Recurrent refuses a bf16 config where oneDNN's ISA lacks native bf16, before oneDNN can crash. The
// ISA cap has to come before oneDNN's first query of it: ctest runs this test in a process of its own.
TEST(Precision, RecurrentRefusesBf16WithoutNativeBf16) {
  try {
    dnnl::set_max_cpu_isa(cpu_isa::avx512_core);
  } catch (const dnnl::error&) {
    GTEST_SKIP() << "oneDNN's ISA was already fixed in this process (run the test on its own)";
  }
  ASSERT_FALSE(has_native_bf16());
  Parameters params;
  EXPECT_THROW(Recurrent(params, "rnn", {CellKind::lstm, 5, 8, 2, 0.0f, Precision::bf16}), Error);
  EXPECT_NO_THROW(Recurrent(params, "f32", {CellKind::lstm, 5, 8, 2, 0.0f, Precision::f32}));
}

}  // namespace
}  // namespace lstmkit::nn
