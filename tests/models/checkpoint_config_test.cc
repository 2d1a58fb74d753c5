// A checkpoint's config is checked against its own tensor table, and bounded, before a model is built:
// a forged or damaged config (header CRC resealed, so only these checks stand in the way) is one
// lstmkit::Error at the file — never a usage error (exit 2), a huge allocation or a crash.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>

#include "io/header_edit.h"
#include "lstmkit/error.h"
#include "lstmkit/models/language_model.h"
#include "lstmkit/models/regressor.h"
#include "lstmkit/models/seq2seq.h"
#include "lstmkit/models/summary.h"
#include "models/kind_fixtures.h"
#include "models/ts_fixtures.h"

namespace lstmkit::models {
namespace {

namespace fs = std::filesystem;
using lstmkit::testing::edit_config;
using lstmkit::testing::edit_metadata;
using lstmkit::testing::TempDir;
using Json = nlohmann::json;

using testing::letter_vocab;

std::string kind_label(const ::testing::TestParamInfo<ModelKind>& info) { return kind_name(info.param); }

// A small model of each kind, saved; load() loads it as the commands do.
class CheckpointConfig : public ::testing::TestWithParam<ModelKind> {
 protected:
  void SetUp() override {
    testing::use_one_thread();
    testing::save_small_model(GetParam(), path_);
  }

  void load() const {
    switch (GetParam()) {
      case ModelKind::lm: LanguageModel::load(path_); return;
      case ModelKind::s2s: Seq2Seq::load(path_); return;
      case ModelKind::ts: Regressor::load(path_); return;
    }
  }

  // load() throws an lstmkit::Error — not a UsageError — at the file, saying `message`.
  void expect_file_error(const std::string& message) const {
    try {
      load();
      ADD_FAILURE() << "loaded; expected an error containing \"" << message << "\"";
    } catch (const UsageError& e) {
      ADD_FAILURE() << "a usage error (exit 2) for bad input: " << e.what();
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), path_.string()) << e.what();
      EXPECT_NE(e.what_is_wrong().find(message), std::string::npos) << e.what();
      EXPECT_FALSE(e.hint().empty()) << e.what();
    }
  }

  // As expect_file_error, in a child process whose address space may grow by only 300 MB: the error
  // must come before the model is allocated.
  void expect_file_error_without_allocating(const std::string& message) const {
    EXPECT_EXIT(load_with_little_memory(message), ::testing::ExitedWithCode(0), "");
  }

  // Exit codes: 0 the expected Error, 2 a UsageError, 3 another Error, 4 anything else (bad_alloc), 5 none.
  [[noreturn]] void load_with_little_memory(const std::string& message) const {
    std::ifstream statm("/proc/self/statm");
    size_t pages = 0;
    statm >> pages;
    const rlim_t limit = pages * 4096 + (rlim_t{300} << 20);
    const rlimit r{limit, limit};
    setrlimit(RLIMIT_AS, &r);
    try {
      load();
    } catch (const UsageError&) {
      std::exit(2);
    } catch (const Error& e) {
      std::exit(e.where() == path_.string() && e.what_is_wrong().find(message) != std::string::npos ? 0 : 3);
    } catch (...) {
      std::exit(4);
    }
    std::exit(5);
  }

  TempDir dir_;
  const fs::path path_ = dir_ / "model.safetensors";
};

TEST_P(CheckpointConfig, LoadsAsSaved) { EXPECT_NO_THROW(load()); }

TEST_P(CheckpointConfig, UnknownCellIsBadInputNotUsage) {
  edit_config(path_, [](Json& c) { c["cell"] = "lstx"; });
  expect_file_error("unknown cell 'lstx'");
  edit_config(path_, [](Json& c) { c["cell"] = "ls\x1b[2Jtm"; });  // a terminal escape is not sent
  expect_file_error("unknown cell 'ls\\u{1B}[2Jtm'");
}

TEST_P(CheckpointConfig, WrongTypeIsAnErrorAtTheFile) {
  edit_config(path_, [](Json& c) { c["hidden"] = "3"; });
  expect_file_error("hidden");
  edit_config(path_, [](Json& c) { c["hidden"] = 3.5; });
  expect_file_error("hidden");
  edit_config(path_, [](Json& c) { c["hidden"] = 4294967299; });  // wraps to 3 as an int
  expect_file_error("hidden");
}

TEST_P(CheckpointConfig, MillionLayersAreRefusedBeforeAnyAllocation) {
  edit_config(path_, [](Json& c) { c["layers"] = 1000000; });
  expect_file_error_without_allocating("layer");
}

TEST_P(CheckpointConfig, HiddenThatDisagreesWithTheTensorsIsRefusedBeforeAnyAllocation) {
  edit_config(path_, [](Json& c) { c["hidden"] = 5000; });
  expect_file_error_without_allocating("config implies [20000");
}

TEST_P(CheckpointConfig, ExtraLayerWithoutTensorsIsNamed) {
  edit_config(path_, [](Json& c) { c["layers"] = 2; });
  expect_file_error("weight_ih_l1");
}

TEST_P(CheckpointConfig, NonPositiveAndOutOfRangeValuesAreRefused) {
  for (const Json& v : {Json(0), Json(-3)}) {
    edit_config(path_, [&](Json& c) { c["hidden"] = v; });
    expect_file_error("\"hidden\" is " + v.dump() + ", not an integer in [1, ");
    edit_config(path_, [&](Json& c) { c["hidden"] = 3; c["layers"] = v; });
    expect_file_error("\"layers\" is " + v.dump() + ", not an integer in [1, 1000]");
    edit_config(path_, [&](Json& c) { c["layers"] = 1; });
  }
  edit_config(path_, [](Json& c) { c["dropout"] = 1.5; });
  expect_file_error("dropout");
}

INSTANTIATE_TEST_SUITE_P(Kinds, CheckpointConfig, ::testing::Values(ModelKind::lm, ModelKind::s2s, ModelKind::ts), kind_label);

class TsCheckpointConfig : public CheckpointConfig {};

TEST_P(TsCheckpointConfig, BadSpecValuesAreErrorsAtTheFile) {
  edit_config(path_, [](Json& c) { c["source"]["synthetic"] = "bogus"; });
  expect_file_error("bogus");
  SetUp();
  edit_config(path_, [](Json& c) { c["scale"] = "bogus"; });
  expect_file_error("bogus");
  SetUp();
  edit_config(path_, [](Json& c) { c["source"]["sequences"] = -1; });
  expect_file_error("sequences");
  SetUp();
  edit_config(path_, [](Json& c) { c["source"]["sequences"] = 1000000000000; });
  expect_file_error("sequences");
  SetUp();
  edit_config(path_, [](Json& c) { c["val_frac"] = 1.5; });
  expect_file_error("val_frac");
  SetUp();
  edit_config(path_, [](Json& c) { c["inputs"] = 3; });
  expect_file_error("3 inputs");
  SetUp();
  edit_config(path_, [](Json& c) { c["source"] = {{"csv", "x.csv"}, {"target", "sum"}, {"features", {"value", "mask"}},
                                                   {"no_header", false}, {"fill", "bogus"}}; });
  expect_file_error("bogus");
}

INSTANTIATE_TEST_SUITE_P(Ts, TsCheckpointConfig, ::testing::Values(ModelKind::ts), kind_label);

class LmCheckpointConfig : public CheckpointConfig {};

TEST_P(LmCheckpointConfig, BadVocabularyIsAnErrorAtTheFile) {
  edit_metadata(path_, "vocab", R"({"unit":"syllable","normalize":"nfc","tokens":[]})", /*reseal=*/true);
  try {
    load();
    ADD_FAILURE() << "loaded";
  } catch (const UsageError& e) {
    ADD_FAILURE() << e.what();
  } catch (const Error& e) {
    EXPECT_NE(e.where().find(path_.string()), std::string::npos) << e.what();
  }
}

TEST_P(LmCheckpointConfig, SummaryOfHugeZeroSizeTensorsDoesNotOverflow) {
  // Zero-element tensors take no bytes, so their dimensions are not bounded by the file's size.
  lstmkit::testing::edit_header(
      path_,
      [](lstmkit::testing::HeaderJson& h) {
        h["big.weight_ih_l0"] = {{"dtype", "F32"}, {"shape", {int64_t{1} << 40, 0}}, {"data_offsets", {0, 0}}};
      },
      /*reseal=*/true);
  ASSERT_NO_THROW(io::read_safetensors_header(path_));  // a valid file: the summary must cope
  EXPECT_THROW(summarize_checkpoint(path_.string()), Error);
}

INSTANTIATE_TEST_SUITE_P(Lm, LmCheckpointConfig, ::testing::Values(ModelKind::lm), kind_label);

// Every model registers exactly the tensors its static list names, in that order: the list the loaders
// check a file against is the one the layers allocate.
TEST(ParameterShapes, AreWhatTheModelsRegister) {
  auto same = [](const nn::Parameters& p, const std::vector<nn::ParamShape>& shapes) {
    ASSERT_EQ(p.views().size(), shapes.size());
    for (size_t i = 0; i < shapes.size(); ++i) {
      EXPECT_EQ(p.views()[i].name, shapes[i].name);
      EXPECT_EQ(p.views()[i].shape, shapes[i].shape) << shapes[i].name;
    }
  };
  const StackConfig stack{nn::CellKind::gru, 4, 3, 0.0f};
  for (const auto& [embed, tie] : {std::pair{0, false}, std::pair{3, false}, std::pair{4, true}}) {
    const LmConfig lm{stack, embed, tie};
    same(LanguageModel(letter_vocab("abcd"), lm).parameters(), LanguageModel::parameter_shapes(lm, 8));
    const S2sConfig s2s{stack, true, embed, tie};
    same(Seq2Seq(letter_vocab("ab"), letter_vocab("xyz"), s2s).parameters(), Seq2Seq::parameter_shapes(s2s, 6, 7));
  }
  RegressorConfig r;
  static_cast<StackConfig&>(r) = stack;
  r.inputs = 2;
  r.outputs = 3;
  TsSpec spec;
  spec.source.csv = "in-memory.csv";
  spec.features = {"a", "b"};
  spec.targets = {"x", "y", "z"};
  same(Regressor(r, spec, data::Scaler()).parameters(), Regressor::parameter_shapes(r));
}

}  // namespace
}  // namespace lstmkit::models
