#include "lstmkit/nn/precision.h"

#include "lstmkit/error.h"

namespace lstmkit::nn {

std::string precision_name(Precision precision) { return precision == Precision::bf16 ? "bf16" : "f32"; }

PrecisionRequest parse_precision(const std::string& name, const std::string& option) {
  if (name == "auto") return PrecisionRequest::automatic;
  if (name == "f32") return PrecisionRequest::f32;
  if (name == "bf16") return PrecisionRequest::bf16;
  throw UsageError(option, "unknown precision '" + name + "'", "use auto, f32 or bf16");
}

std::string cpu_isa_name(dnnl::cpu_isa isa) {
  using I = dnnl::cpu_isa;
  switch (isa) {
    case I::all: return "all";
    case I::sse41: return "sse41";
    case I::avx: return "avx";
    case I::avx2: return "avx2";
    case I::avx512_mic: return "avx512_mic";
    case I::avx512_mic_4ops: return "avx512_mic_4ops";
    case I::avx512_core: return "avx512_core";
    case I::avx512_core_vnni: return "avx512_core_vnni";
    case I::avx512_core_bf16: return "avx512_core_bf16";
    case I::avx512_core_amx: return "avx512_core_amx";
    case I::avx2_vnni: return "avx2_vnni";
  }
  return "unknown";
}

bool has_native_bf16(dnnl::cpu_isa isa) {
  // The two ISAs of 2.6.3 whose bf16 kernels (vdpbf16ps, AMX tiles) its RNN was written for; every
  // other ISA emulates bf16 and its RNN crashes.
  return isa == dnnl::cpu_isa::avx512_core_bf16 || isa == dnnl::cpu_isa::avx512_core_amx;
}

Precision resolve_precision(PrecisionRequest request, dnnl::cpu_isa isa) {
  switch (request) {
    case PrecisionRequest::f32: return Precision::f32;
    case PrecisionRequest::automatic: return has_native_bf16(isa) ? Precision::bf16 : Precision::f32;
    case PrecisionRequest::bf16: break;
  }
  if (!has_native_bf16(isa))
    throw Error("`precision`", "bf16 needs a CPU with native bf16 (AVX512-BF16 or AMX), but oneDNN runs on " +
                                 cpu_isa_name(isa) + " here, where its bf16 RNN crashes",
                "use `precision` f32 or auto");
  return Precision::bf16;
}

}  // namespace lstmkit::nn
