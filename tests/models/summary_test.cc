#include "lstmkit/models/summary.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/nn/dense.h"
#include "support/temp_dir.h"

namespace lstmkit::models {
namespace {

nn::RecurrentConfig stack(nn::CellKind cell, int input, int hidden, int layers) {
  nn::RecurrentConfig c;
  c.cell = cell;
  c.input = input;
  c.hidden = hidden;
  c.layers = layers;
  return c;
}

// Counts printed by Keras' model.summary() for the seeds' models.
TEST(Summary, KerasCountsOfSeedModels) {
  EXPECT_EQ(keras_recurrent_params(nn::CellKind::lstm, 1, 40), 6720);
  EXPECT_EQ(keras_recurrent_params(nn::CellKind::rnn, 1, 40), 1680);
  EXPECT_EQ(keras_recurrent_params(nn::CellKind::gru, 1, 40), 5160);  // reset_after=True
  ModelSummary s;
  add_dense_row(s, "head", 40, 1, false);
  EXPECT_EQ(s.keras_total(), 41);
}

// PyTorch keeps bias_ih and bias_hh for every cell: LSTM(40) on 1 input has 6,880.
TEST(Summary, TorchCountsHaveTwoBiases) {
  EXPECT_EQ(torch_recurrent_params(nn::CellKind::lstm, 1, 40), 6880);
  EXPECT_EQ(torch_recurrent_params(nn::CellKind::rnn, 1, 40), 1720);
  EXPECT_EQ(torch_recurrent_params(nn::CellKind::gru, 1, 40), 5160);
}

TEST(Summary, StackedLayersTakeHiddenInputs) {
  ModelSummary s;
  add_recurrent_rows(s, "rnn", stack(nn::CellKind::lstm, 65, 256, 2), true);
  add_dense_row(s, "head", 256, 65, true);
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(s.rows[0].keras_params, 4 * 256 * (65 + 256 + 1));
  EXPECT_EQ(s.rows[1].keras_params, 4 * 256 * (256 + 256 + 1));
  EXPECT_EQ(s.rows[2].keras_params, 256 * 65 + 65);
  EXPECT_EQ(s.torch_total(), s.keras_total() + 2 * 4 * 256);
}

TEST(Summary, OutputShapesFollowReturnSequences) {
  ModelSummary s;
  add_recurrent_rows(s, "rnn", stack(nn::CellKind::gru, 3, 8, 2), false);
  EXPECT_EQ(s.rows[0].output_shape, "(None, None, 8)");  // feeds the next layer: a sequence
  EXPECT_EQ(s.rows[1].output_shape, "(None, 8)");
}

TEST(Summary, TableShowsRowsAndBothTotals) {
  ModelSummary s;
  add_recurrent_rows(s, "rnn", stack(nn::CellKind::lstm, 1, 40, 1), true);
  add_dense_row(s, "head", 40, 1, true);
  const std::string table = format_summary(s);
  EXPECT_NE(table.find("LSTM(40)"), std::string::npos) << table;
  EXPECT_NE(table.find("6,720"), std::string::npos) << table;
  EXPECT_NE(table.find("Total params: 6,761 (Keras)"), std::string::npos) << table;
  EXPECT_NE(table.find("6,921 (PyTorch"), std::string::npos) << table;
}

// A checkpoint describes itself: stacks from weight_ih shapes, heads from their weights, the cell from config.
TEST(Summary, FromCheckpointTensorShapes) {
  lstmkit::testing::TempDir dir;
  const auto path = dir / "summary_model.safetensors";
  nn::Parameters params;
  nn::Recurrent encoder(params, "encoder.rnn", stack(nn::CellKind::gru, 30, 16, 2));
  nn::Recurrent decoder(params, "decoder.rnn", stack(nn::CellKind::gru, 20, 16, 1));
  nn::Dense head(params, "head", 16, 20);
  io::Checkpoint::save(path, params, {}, {{"kind", "s2s"}, {"config", R"({"cell":"gru","hidden":16})"}});

  const ModelSummary s = summarize_checkpoint(path.string());
  ASSERT_EQ(s.rows.size(), 4u);
  EXPECT_EQ(s.rows[0].name, "encoder.rnn.l0");
  EXPECT_EQ(s.rows[0].type, "GRU(16)");
  EXPECT_EQ(s.rows[0].keras_params, keras_recurrent_params(nn::CellKind::gru, 30, 16));
  EXPECT_EQ(s.rows[1].keras_params, keras_recurrent_params(nn::CellKind::gru, 16, 16));
  EXPECT_EQ(s.rows[2].name, "decoder.rnn.l0");
  EXPECT_EQ(s.rows[3].name, "head");
  EXPECT_EQ(s.rows[3].keras_params, 16 * 20 + 20);
  EXPECT_EQ(s.torch_total(), static_cast<int64_t>(params.size()));
}

// A time-series model reads its head at the last step unless it was trained n-to-n.
TEST(Summary, TimeSeriesCheckpointsShowTheHeadWhereItIsApplied) {
  lstmkit::testing::TempDir dir;
  for (const bool per_step : {false, true}) {
    const auto path = dir / "summary_ts.safetensors";
    nn::Parameters params;
    nn::Recurrent rnn(params, "rnn", stack(nn::CellKind::lstm, 3, 12, 2));
    nn::Dense head(params, "head", 12, 4);
    const std::string config = std::string(R"({"cell":"lstm","hidden":12,"return_sequences":)") +
                               (per_step ? "true" : "false") + "}";
    io::Checkpoint::save(path, params, {}, {{"kind", "ts"}, {"config", config}});
    const ModelSummary s = summarize_checkpoint(path.string());
    ASSERT_EQ(s.rows.size(), 3u);
    EXPECT_EQ(s.rows[0].output_shape, "(None, None, 12)");  // feeds the second layer: a sequence
    EXPECT_EQ(s.rows[1].output_shape, per_step ? "(None, None, 12)" : "(None, 12)");
    EXPECT_EQ(s.rows[2].output_shape, per_step ? "(None, None, 4)" : "(None, 4)");
    EXPECT_EQ(s.rows[2].keras_params, 12 * 4 + 4);
  }
}

TEST(Summary, CheckpointWithoutConfigIsAnError) {
  lstmkit::testing::TempDir dir;
  const auto path = dir / "summary_noconfig.safetensors";
  nn::Parameters params;
  nn::Dense head(params, "head", 3, 2);
  io::Checkpoint::save(path, params, {}, {});
  EXPECT_THROW(summarize_checkpoint(path.string()), Error);
}

}  // namespace
}  // namespace lstmkit::models
