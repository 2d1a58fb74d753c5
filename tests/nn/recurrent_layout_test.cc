// PyTorch ↔ oneDNN gate and bias conversion (include/lstmkit/nn/rnn_weight_layout.h), checked with
// marker values so a misplaced block names itself: entry r of PyTorch gate block g holds 100·g + r.
#include "lstmkit/nn/rnn_weight_layout.h"

#include <vector>

#include <gtest/gtest.h>

namespace lstmkit::nn {
namespace {

constexpr int H = 3, C = 2;  // hidden width, columns (I_k or H)

// [G·H, C] with row r of gate block g = 100·g + r (every column of a row equal).
std::vector<float> marked_weights(CellKind cell) {
  std::vector<float> w(static_cast<size_t>(gate_count(cell)) * H * C);
  for (int g = 0; g < gate_count(cell); ++g)
    for (int r = 0; r < H; ++r)
      for (int c = 0; c < C; ++c) w[(g * H + r) * C + c] = static_cast<float>(100 * g + r);
  return w;
}

float block_marker(const std::vector<float>& w, int gate) { return w[static_cast<size_t>(gate) * H * C]; }

TEST(RnnWeightLayout, BiasRows) {
  EXPECT_EQ(onednn_bias_rows(CellKind::lstm), 4);
  EXPECT_EQ(onednn_bias_rows(CellKind::gru), 4);  // lbr_gru: u, r, o, u'
  EXPECT_EQ(onednn_bias_rows(CellKind::rnn), 1);
}

TEST(RnnWeightLayout, LstmAndRnnKeepPyTorchOrder) {
  for (CellKind cell : {CellKind::lstm, CellKind::rnn}) {
    const auto torch = marked_weights(cell);
    std::vector<float> onednn(torch.size());
    weights_to_onednn(cell, H, C, torch.data(), onednn.data());
    EXPECT_EQ(onednn, torch) << cell_name(cell);
  }
}

TEST(RnnWeightLayout, GruSwapsResetAndUpdateBlocks) {
  const auto torch = marked_weights(CellKind::gru);  // blocks r = 0, z = 100, n = 200
  std::vector<float> onednn(torch.size());
  weights_to_onednn(CellKind::gru, H, C, torch.data(), onednn.data());
  EXPECT_EQ(block_marker(onednn, 0), 100.0f) << "oneDNN u must be PyTorch z";
  EXPECT_EQ(block_marker(onednn, 1), 0.0f) << "oneDNN r must be PyTorch r";
  EXPECT_EQ(block_marker(onednn, 2), 200.0f) << "oneDNN o must be PyTorch n";
  EXPECT_EQ(onednn[(0 * H + 2) * C + 1], 102.0f) << "rows inside a block keep their order";
}

// Gradients go back through the inverse mapping and add to what is there.
TEST(RnnWeightLayout, WeightGradientsRoundTripAndAccumulate) {
  for (CellKind cell : {CellKind::lstm, CellKind::gru, CellKind::rnn}) {
    const auto torch = marked_weights(cell);
    std::vector<float> onednn(torch.size());
    weights_to_onednn(cell, H, C, torch.data(), onednn.data());
    std::vector<float> grad(torch.size(), 0.5f);
    add_weights_grad_to_torch(cell, H, C, onednn.data(), grad.data());
    for (size_t i = 0; i < grad.size(); ++i)
      ASSERT_EQ(grad[i], torch[i] + 0.5f) << cell_name(cell) << " [" << i << "]";
  }
}

TEST(RnnWeightLayout, LstmBiasIsTheSumInGateOrder) {
  std::vector<float> b_ih(4 * H), b_hh(4 * H), onednn(4 * H);
  for (int i = 0; i < 4 * H; ++i) b_ih[i] = static_cast<float>(i), b_hh[i] = 1000.0f * static_cast<float>(i);
  bias_to_onednn(CellKind::lstm, H, b_ih.data(), b_hh.data(), onednn.data());
  for (int i = 0; i < 4 * H; ++i) EXPECT_EQ(onednn[i], 1001.0f * static_cast<float>(i));
}

TEST(RnnWeightLayout, GruBiasHasFourLinearBeforeResetRows) {
  // PyTorch blocks r, z, n; b_ih = 1, 2, 3 and b_hh = 10, 20, 30 per block.
  std::vector<float> b_ih(3 * H), b_hh(3 * H), onednn(4 * H);
  for (int g = 0; g < 3; ++g)
    for (int r = 0; r < H; ++r) {
      b_ih[g * H + r] = static_cast<float>(g + 1);
      b_hh[g * H + r] = 10.0f * static_cast<float>(g + 1);
    }
  bias_to_onednn(CellKind::gru, H, b_ih.data(), b_hh.data(), onednn.data());
  const float want[4] = {2 + 20, 1 + 10, 3, 30};  // u: b_iz+b_hz, r: b_ir+b_hr, o: b_in, u': b_hn
  for (int row = 0; row < 4; ++row)
    for (int r = 0; r < H; ++r) EXPECT_EQ(onednn[row * H + r], want[row]) << "row " << row;
}

TEST(RnnWeightLayout, RnnBiasIsTheSum) {
  const std::vector<float> b_ih{1, 2, 3}, b_hh{10, 20, 30};
  std::vector<float> onednn(H);
  bias_to_onednn(CellKind::rnn, H, b_ih.data(), b_hh.data(), onednn.data());
  EXPECT_EQ(onednn, (std::vector<float>{11, 22, 33}));
}

TEST(RnnWeightLayout, SummedBiasGradientGoesToBothVectors) {
  for (CellKind cell : {CellKind::lstm, CellKind::rnn}) {
    const int GH = gate_count(cell) * H;
    std::vector<float> diff(GH), g_ih(GH, 1.0f), g_hh(GH, 2.0f);
    for (int i = 0; i < GH; ++i) diff[i] = static_cast<float>(i);
    add_bias_grad_to_torch(cell, H, diff.data(), g_ih.data(), g_hh.data());
    for (int i = 0; i < GH; ++i) {
      EXPECT_EQ(g_ih[i], 1.0f + static_cast<float>(i)) << cell_name(cell);
      EXPECT_EQ(g_hh[i], 2.0f + static_cast<float>(i)) << cell_name(cell);
    }
  }
}

TEST(RnnWeightLayout, GruBiasGradientRouting) {
  // oneDNN rows u, r, o, u' carry 1, 2, 3, 4.
  std::vector<float> diff(4 * H), g_ih(3 * H, 0.5f), g_hh(3 * H, 0.25f);
  for (int row = 0; row < 4; ++row)
    for (int r = 0; r < H; ++r) diff[row * H + r] = static_cast<float>(row + 1);
  add_bias_grad_to_torch(CellKind::gru, H, diff.data(), g_ih.data(), g_hh.data());
  const float want_ih[3] = {2, 1, 3};  // r ← r row, z ← u row, n (b_in) ← o row
  const float want_hh[3] = {2, 1, 4};  // r ← r row, z ← u row, n (b_hn) ← u' row
  for (int g = 0; g < 3; ++g)
    for (int r = 0; r < H; ++r) {
      EXPECT_EQ(g_ih[g * H + r], 0.5f + want_ih[g]) << "b_ih block " << g;
      EXPECT_EQ(g_hh[g * H + r], 0.25f + want_hh[g]) << "b_hh block " << g;
    }
}

}  // namespace
}  // namespace lstmkit::nn
