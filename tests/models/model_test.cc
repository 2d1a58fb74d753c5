// The model base: any checkpoint loads as the model its kind names, with the weights and metadata it was
// saved with.
#include "lstmkit/models/model_load.h"

#include <gtest/gtest.h>

#include <cstring>

#include "lstmkit/error.h"
#include "models/kind_fixtures.h"
#include "support/temp_dir.h"

namespace lstmkit::models {
namespace {

using lstmkit::testing::TempDir;

bool is_class_of(const Model& model, ModelKind kind) {
  switch (kind) {
    case ModelKind::lm: return dynamic_cast<const LanguageModel*>(&model) != nullptr;
    case ModelKind::s2s: return dynamic_cast<const Seq2Seq*>(&model) != nullptr;
    case ModelKind::ts: return dynamic_cast<const Regressor*>(&model) != nullptr;
  }
  return false;
}

class LoadModel : public ::testing::TestWithParam<ModelKind> {};

TEST_P(LoadModel, LoadsTheModelItsKindNames) {
  TempDir dir;
  const auto path = dir / "m.safetensors";
  testing::save_small_model(GetParam(), path);
  const io::SafetensorsFile saved = io::read_safetensors(path);
  const std::unique_ptr<Model> model = load_model(path);
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->kind(), GetParam());
  EXPECT_TRUE(is_class_of(*model, GetParam()));
  // The metadata it would save again is the file's, "kind" included.
  const io::Metadata metadata = model->metadata();
  EXPECT_EQ(metadata.at(kKindKey), kind_name(GetParam()));
  for (const auto& [key, value] : metadata) {
    ASSERT_TRUE(saved.metadata.count(key)) << key;
    EXPECT_EQ(saved.metadata.at(key), value) << key;
  }
  // Every weight as saved.
  const nn::Parameters& p = model->parameters();
  ASSERT_FALSE(p.views().empty());
  for (const nn::ParamView& v : p.views()) {
    const io::Tensor* t = io::find_tensor(saved.tensors, v.name);
    ASSERT_NE(t, nullptr) << v.name;
    ASSERT_EQ(t->data.size(), v.size) << v.name;
    EXPECT_EQ(std::memcmp(t->data.data(), p.values().data() + v.offset, v.size * sizeof(float)), 0) << v.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, LoadModel, ::testing::Values(ModelKind::lm, ModelKind::s2s, ModelKind::ts),
                         [](const ::testing::TestParamInfo<ModelKind>& info) { return kind_name(info.param); });

TEST(LoadModelErrors, UnknownKindIsOneLineAtTheFile) {
  TempDir dir;
  const auto path = dir / "m.safetensors";
  nn::Parameters params;
  params.add("head.bias", {2});
  io::Checkpoint::save(path, params, {}, {{"kind", "banana"}});
  try {
    load_model(path);
    ADD_FAILURE() << "loaded a model of kind banana";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), path.string());
    EXPECT_NE(std::string(e.what()).find("unknown kind 'banana'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lstmkit::models
