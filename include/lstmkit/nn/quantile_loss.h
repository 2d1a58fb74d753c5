#pragma once
// The pinball (quantile) loss, with its gradient fused in, for a head that predicts quantiles rather than
// the mean (train-ts --quantiles). As Darts' QuantileRegression: summed over the quantiles, averaged over
// everything else. For quantile τ and error u = t − y:
//   ρ_τ(u) = max(τ·u, (τ − 1)·u)
// so a prediction below the truth costs τ per unit and one above it 1 − τ: its minimiser is the
// τ-quantile of the targets.
#include <optional>
#include <span>
#include <string>

namespace lstmkit::nn {

// y [rows, Q, O] predictions of quantiles taus [Q] of targets t [rows, O]:
//   loss = 1 / (rows·O) · Σ_r Σ_q Σ_o ρ_τq(t[r, o] − y[r, q, o])
// Writes, unless null, dy [rows, Q, O] = ∂loss/∂y: −τ/(rows·O) where t > y, (1 − τ)/(rows·O) where t < y,
// and at a tie (0.5 − τ)/(rows·O), the mean of the two sides, as PyTorch's maximum splits the gradient of
// equal arguments. Returns 0 (and no gradient) for an empty batch; throws lstmkit::Error for a bad shape.
double quantile_loss(int rows, int Q, int O, const float* y, const float* t, const double* taus, float* dy);

// What is wrong with a list of quantiles, if anything: empty, a value outside (0, 1), not ascending, or
// repeated. The head's outputs and the CSV columns follow this order.
std::optional<std::string> quantile_problem(std::span<const double> quantiles);

}  // namespace lstmkit::nn
