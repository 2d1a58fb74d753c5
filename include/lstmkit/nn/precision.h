#pragma once
// The number format of the recurrent math. bf16: weights, layer inputs/outputs and h enter oneDNN's RNN
// primitives as bfloat16 (f32 accumulation inside); master weights, gradients, bias, the LSTM cell state,
// optimiser state, loss and softmax stay f32, and checkpoints are unchanged. oneDNN 2.6.3's bf16 RNN
// crashes (SIGFPE/SIGSEGV) on CPUs without native bf16, so bf16 is only ever run where it is native.
#include <string>

#include <oneapi/dnnl/dnnl.hpp>

namespace lstmkit::nn {

enum class Precision { f32, bf16 };

// What a user asks for: a precision, or `auto` (bf16 where native, else f32).
enum class PrecisionRequest { automatic, f32, bf16 };

std::string precision_name(Precision precision);  // "f32" | "bf16"
// Parses "auto" | "f32" | "bf16"; throws lstmkit::UsageError naming `option` otherwise.
PrecisionRequest parse_precision(const std::string& name, const std::string& option = "`precision`");

// oneDNN's ISA name for this process ("avx512_core_bf16", "avx2", …): what its kernels are built for.
std::string cpu_isa_name(dnnl::cpu_isa isa = dnnl::get_effective_cpu_isa());
// bf16 has hardware support (AVX512-BF16 or AMX-BF16) under this ISA.
bool has_native_bf16(dnnl::cpu_isa isa = dnnl::get_effective_cpu_isa());

// auto → bf16 where `isa` has native bf16, else f32. An explicit bf16 without native bf16 throws
// lstmkit::Error (oneDNN would crash); f32 is always granted.
Precision resolve_precision(PrecisionRequest request, dnnl::cpu_isa isa = dnnl::get_effective_cpu_isa());

}  // namespace lstmkit::nn
