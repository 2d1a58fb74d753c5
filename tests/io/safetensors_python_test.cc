// Files lstmkit writes must be readable from Python: by plain json + numpy (the format itself, both CRCs
// included, checked with zlib and json), and by PyTorch's load_state_dict for the recurrent and head tensors.
// Skipped when /usr/bin/python3 with numpy (or torch, for the second test) is not installed: the script
// then exits with kMissingModule, so each test starts Python (and imports torch, slow) only once.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <numeric>

#include "lstmkit/io/checkpoint.h"
#include "support/temp_dir.h"

namespace lstmkit::io {
namespace {

using testing::TempDir;
using testing::write_bytes;

constexpr char kPython[] = "/usr/bin/python3";
constexpr int kMissingModule = 77;

// Prints {"metadata": {...}, "tensors": {name: {"shape": [...], "values": [...]}}} for the file argv[1];
// with argv[2] == "torch", also loads the tensors into nn.LSTM and nn.Linear with strict=True.
constexpr char kReader[] = R"PY(
import json, struct, sys, zlib
try:
    import numpy as np
    if len(sys.argv) > 2 and sys.argv[2] == "torch":
        import torch
except ImportError as e:
    print(e)
    sys.exit(77)  # kMissingModule: the test skips

blob = open(sys.argv[1], "rb").read()
(n,) = struct.unpack("<Q", blob[:8])
assert n % 8 == 0, f"header length {n} is not a multiple of 8"
header = json.loads(blob[8:8 + n])
meta = header.pop("__metadata__")
data = blob[8 + n:]
assert zlib.crc32(data) == int(meta["data_crc32"], 16), "data_crc32 does not match zlib.crc32"
canonical = {"metadata": {k: v for k, v in meta.items() if k != "header_crc32"},
             "tensors": [[name, header[name]["dtype"], header[name]["shape"], header[name]["data_offsets"]]
                         for name in sorted(header)]}
text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
assert zlib.crc32(text.encode("utf-8")) == int(meta["header_crc32"], 16), "header_crc32 does not match zlib.crc32"
arrays = {}
for name, info in header.items():
    assert info["dtype"] == "F32", info
    begin, end = info["data_offsets"]
    arrays[name] = np.frombuffer(data, dtype="<f4", count=(end - begin) // 4, offset=begin).reshape(info["shape"])

if len(sys.argv) > 2 and sys.argv[2] == "torch":
    state = {k: torch.from_numpy(v.copy()) for k, v in arrays.items()}
    hidden, inputs = state["rnn.weight_hh_l0"].shape[1], state["rnn.weight_ih_l0"].shape[1]
    lstm = torch.nn.LSTM(input_size=inputs, hidden_size=hidden, num_layers=1)
    lstm.load_state_dict({k[len("rnn."):]: v for k, v in state.items() if k.startswith("rnn.")}, strict=True)
    head = torch.nn.Linear(hidden, state["head.weight"].shape[0])
    head.load_state_dict({k[len("head."):]: v for k, v in state.items() if k.startswith("head.")}, strict=True)
    assert torch.equal(lstm.weight_ih_l0.detach(), state["rnn.weight_ih_l0"])
    assert torch.equal(head.bias.detach(), state["head.bias"])

print(json.dumps({"metadata": meta,
                  "tensors": {k: {"shape": list(v.shape), "values": [float(x) for x in v.ravel()]}
                              for k, v in arrays.items()}}))
)PY";

struct ScriptResult {
  int status = -1;  // the script's exit code
  std::string output;
};

// Runs the reader script on `file`, capturing stdout; Python's stderr (tracebacks) goes to the test log.
ScriptResult run_reader(const TempDir& dir, const std::filesystem::path& file, const std::string& mode) {
  write_bytes(dir / "reader.py", kReader);
  const std::string command = std::string(kPython) + " '" + (dir / "reader.py").string() + "' '" + file.string() +
                              "' " + mode;
  ScriptResult run;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer;
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) run.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// An LSTM language model: G·H = 4·3, I = V = 5, values with fractions so bit errors would show.
nn::Parameters lm_parameters() {
  nn::Parameters params;
  params.add("rnn.weight_ih_l0", {12, 5});
  params.add("rnn.weight_hh_l0", {12, 3});
  params.add("rnn.bias_ih_l0", {12});
  params.add("rnn.bias_hh_l0", {12});
  params.add("head.weight", {5, 3});
  params.add("head.bias", {5});
  std::iota(params.values().begin(), params.values().end(), -20.0f);
  for (float& v : params.values()) v *= 0.37f;
  return params;
}

void check_python_sees(const nn::Parameters& params, const nlohmann::json& seen) {
  for (const nn::ParamView& view : params.views()) {
    SCOPED_TRACE(view.name);
    ASSERT_TRUE(seen["tensors"].contains(view.name));
    const nlohmann::json& t = seen["tensors"][view.name];
    EXPECT_EQ(t["shape"].get<std::vector<int64_t>>(), view.shape);
    const std::vector<double> values = t["values"].get<std::vector<double>>();
    ASSERT_EQ(values.size(), view.size);
    for (size_t i = 0; i < view.size; ++i)
      EXPECT_EQ(static_cast<float>(values[i]), params.values()[view.offset + i]) << "element " << i;
  }
}

TEST(SafetensorsPython, JsonAndNumpyReadTheFile) {
  if (!std::filesystem::exists(kPython)) GTEST_SKIP() << kPython << " is not installed";
  TempDir dir;
  const auto path = dir / "model.safetensors";
  const nn::Parameters params = lm_parameters();
  // The vocab's escapes and non-ASCII text must serialise for header_crc32 as Python's json does.
  Checkpoint::save(path, params, {},
                   {{"kind", "lm"}, {"config", R"({"cell":"lstm","hidden":3,"layers":1})"}, {"vocab", "é\t\x01\"\\ü"}});
  const ScriptResult run = run_reader(dir, path, "numpy");
  if (run.status == kMissingModule) GTEST_SKIP() << run.output;
  ASSERT_EQ(run.status, 0) << run.output;
  const nlohmann::json seen = nlohmann::json::parse(run.output);
  check_python_sees(params, seen);
  EXPECT_EQ(seen["metadata"]["format"], kCheckpointFormat);
  EXPECT_EQ(seen["metadata"]["kind"], "lm");
  EXPECT_EQ(seen["metadata"]["config"], R"({"cell":"lstm","hidden":3,"layers":1})");
}

TEST(SafetensorsPython, TorchLoadStateDictAcceptsTheTensors) {
  if (!std::filesystem::exists(kPython)) GTEST_SKIP() << kPython << " is not installed";
  TempDir dir;
  const auto path = dir / "model.safetensors";
  const nn::Parameters params = lm_parameters();
  Checkpoint::save(path, params, {}, {{"kind", "lm"}});
  const ScriptResult run = run_reader(dir, path, "torch");
  if (run.status == kMissingModule) GTEST_SKIP() << run.output;
  ASSERT_EQ(run.status, 0) << run.output;
  check_python_sees(params, nlohmann::json::parse(run.output));
}

}  // namespace
}  // namespace lstmkit::io
