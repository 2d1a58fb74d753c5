#include "support/reference_rnn.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "lstmkit/error.h"

// Deliberately naive: every matrix-vector product is an explicit loop, one batch row at a time, so each
// line can be read against PyTorch's equations. Speed does not matter here; obviousness does.
namespace lstmkit::testing {
namespace {

using nn::CellKind;

double sigmoid(double a) { return 1.0 / (1.0 + std::exp(-a)); }

// What one layer's forward pass keeps for its backward pass.
struct LayerTrace {
  int in = 0;                 // I_k: input width of this layer
  std::vector<double> x;      // [T, N, I_k] this layer's input sequence
  std::vector<double> h;      // [T+1, N, H] h[0] = initial state, h[t+1] = output at step t
  std::vector<double> c;      // [T+1, N, H] LSTM only
  std::vector<double> gates;  // [T, N, G·H] activated gates (LSTM i,f,g,o; GRU r,z,n; RNN h')
  std::vector<double> hn;     // [T, N, H] GRU only: W_hn h + b_hn, the part the reset gate scales
};

void check_size(const std::vector<double>& v, size_t expected, const std::string& what) {
  if (v.size() != expected)
    throw Error("reference_rnn", what + " has " + std::to_string(v.size()) + " values, expected " +
                                     std::to_string(expected),
                "pass vectors of the documented shapes");
}

void check_weights(const RefShape& s, const std::vector<RefLayerWeights>& w) {
  if (static_cast<int>(w.size()) != s.L)
    throw Error("reference_rnn", "got " + std::to_string(w.size()) + " layers of weights for L = " +
                                     std::to_string(s.L),
                "pass one RefLayerWeights per layer");
  const size_t GH = static_cast<size_t>(nn::gate_count(s.cell)) * s.H;
  for (int k = 0; k < s.L; ++k) {
    const size_t in = k == 0 ? s.I : s.H;
    const std::string layer = " of layer " + std::to_string(k);
    check_size(w[k].w_ih, GH * in, "w_ih" + layer);
    check_size(w[k].w_hh, GH * s.H, "w_hh" + layer);
    check_size(w[k].b_ih, GH, "b_ih" + layer);
    check_size(w[k].b_hh, GH, "b_hh" + layer);
  }
}

// out[r] = b[r] + Σ_j W[r, j] v[j] for rows r of a [rows, cols] matrix.
void affine(const std::vector<double>& W, const std::vector<double>& b, const double* v, int rows,
            int cols, double* out) {
  for (int r = 0; r < rows; ++r) {
    double sum = b[r];
    for (int j = 0; j < cols; ++j) sum += W[static_cast<size_t>(r) * cols + j] * v[j];
    out[r] = sum;
  }
}

// One layer over the whole sequence. h0, c0: [N, H] (c0 null unless LSTM).
LayerTrace layer_forward(const RefShape& s, const RefLayerWeights& w, int in, std::vector<double> x,
                         const double* h0, const double* c0) {
  const int T = s.T, N = s.N, H = s.H, G = nn::gate_count(s.cell);
  const size_t NH = static_cast<size_t>(N) * H;
  LayerTrace tr;
  tr.in = in;
  tr.x = std::move(x);
  tr.h.assign((T + 1) * NH, 0.0);
  std::copy(h0, h0 + NH, tr.h.begin());
  if (s.cell == CellKind::lstm) {
    tr.c.assign((T + 1) * NH, 0.0);
    std::copy(c0, c0 + NH, tr.c.begin());
  }
  tr.gates.assign(static_cast<size_t>(T) * N * G * H, 0.0);
  if (s.cell == CellKind::gru) tr.hn.assign(T * NH, 0.0);

  std::vector<double> ax(G * H), ah(G * H);  // W_ih x + b_ih, W_hh h + b_hh: [G·H]
  for (int t = 0; t < T; ++t) {
    for (int n = 0; n < N; ++n) {
      const double* xt = &tr.x[(static_cast<size_t>(t) * N + n) * in];
      const double* hp = &tr.h[t * NH + n * H];
      double* hc = &tr.h[(t + 1) * NH + n * H];
      double* g = &tr.gates[(static_cast<size_t>(t) * N + n) * G * H];
      affine(w.w_ih, w.b_ih, xt, G * H, in, ax.data());
      affine(w.w_hh, w.b_hh, hp, G * H, H, ah.data());
      for (int j = 0; j < H; ++j) {
        if (s.cell == CellKind::lstm) {
          const double i = sigmoid(ax[j] + ah[j]);
          const double f = sigmoid(ax[H + j] + ah[H + j]);
          const double gg = std::tanh(ax[2 * H + j] + ah[2 * H + j]);
          const double o = sigmoid(ax[3 * H + j] + ah[3 * H + j]);
          const double c = f * tr.c[t * NH + n * H + j] + i * gg;
          tr.c[(t + 1) * NH + n * H + j] = c;
          hc[j] = o * std::tanh(c);
          g[j] = i, g[H + j] = f, g[2 * H + j] = gg, g[3 * H + j] = o;
        } else if (s.cell == CellKind::gru) {
          const double r = sigmoid(ax[j] + ah[j]);
          const double z = sigmoid(ax[H + j] + ah[H + j]);
          const double hn = ah[2 * H + j];
          const double nn = std::tanh(ax[2 * H + j] + r * hn);
          hc[j] = (1.0 - z) * nn + z * hp[j];
          g[j] = r, g[H + j] = z, g[2 * H + j] = nn;
          tr.hn[t * NH + n * H + j] = hn;
        } else {
          hc[j] = std::tanh(ax[j] + ah[j]);
          g[j] = hc[j];
        }
      }
    }
  }
  return tr;
}

// BPTT through one layer. dout [T, N, H] is the gradient on its outputs; dh [N, H] and dc [N, H] come in
// as the gradients on the final state and leave as those on the initial state. Returns dx [T, N, I_k].
std::vector<double> layer_backward(const RefShape& s, const RefLayerWeights& w, const LayerTrace& tr,
                                   const std::vector<double>& dout, std::vector<double>& dh,
                                   std::vector<double>& dc, RefLayerWeights& dw) {
  const int T = s.T, N = s.N, H = s.H, G = nn::gate_count(s.cell), in = tr.in;
  const size_t NH = static_cast<size_t>(N) * H;
  std::vector<double> dx(static_cast<size_t>(T) * N * in, 0.0);
  // Gradients on the pre-activations: input side (W_ih x + b_ih) and hidden side (W_hh h + b_hh). They
  // differ only for the GRU's candidate, where the hidden side is scaled by r.
  std::vector<double> dax(G * H), dah(G * H);
  for (int t = T - 1; t >= 0; --t) {
    for (int n = 0; n < N; ++n) {
      const double* xt = &tr.x[(static_cast<size_t>(t) * N + n) * in];
      const double* hp = &tr.h[t * NH + n * H];
      const double* g = &tr.gates[(static_cast<size_t>(t) * N + n) * G * H];
      double* dhn = &dh[n * H];  // in: dL/dh_t (from later steps); out: dL/dh_{t-1} direct part
      std::vector<double> dh_prev(H, 0.0);
      for (int j = 0; j < H; ++j) {
        const double d = dout[t * NH + n * H + j] + dhn[j];
        if (s.cell == CellKind::lstm) {
          const double i = g[j], f = g[H + j], gg = g[2 * H + j], o = g[3 * H + j];
          const double c = tr.c[(t + 1) * NH + n * H + j], cp = tr.c[t * NH + n * H + j];
          const double tc = std::tanh(c);
          const double dct = dc[n * H + j] + d * o * (1.0 - tc * tc);
          dax[j] = dct * gg * i * (1.0 - i);
          dax[H + j] = dct * cp * f * (1.0 - f);
          dax[2 * H + j] = dct * i * (1.0 - gg * gg);
          dax[3 * H + j] = d * tc * o * (1.0 - o);
          for (int q = 0; q < 4; ++q) dah[q * H + j] = dax[q * H + j];
          dc[n * H + j] = dct * f;
        } else if (s.cell == CellKind::gru) {
          const double r = g[j], z = g[H + j], nn = g[2 * H + j];
          const double hn = tr.hn[t * NH + n * H + j];
          const double dn = d * (1.0 - z) * (1.0 - nn * nn);  // on W_in x + b_in + r ⊙ hn
          dax[j] = dn * hn * r * (1.0 - r);
          dax[H + j] = d * (hp[j] - nn) * z * (1.0 - z);
          dax[2 * H + j] = dn;
          dah[j] = dax[j];
          dah[H + j] = dax[H + j];
          dah[2 * H + j] = dn * r;
          dh_prev[j] += d * z;
        } else {
          const double y = g[j];
          dax[j] = d * (1.0 - y * y);
          dah[j] = dax[j];
        }
      }
      for (int r = 0; r < G * H; ++r) {
        dw.b_ih[r] += dax[r];
        dw.b_hh[r] += dah[r];
        for (int k = 0; k < in; ++k) {
          dw.w_ih[static_cast<size_t>(r) * in + k] += dax[r] * xt[k];
          dx[(static_cast<size_t>(t) * N + n) * in + k] += w.w_ih[static_cast<size_t>(r) * in + k] * dax[r];
        }
        for (int k = 0; k < H; ++k) {
          dw.w_hh[static_cast<size_t>(r) * H + k] += dah[r] * hp[k];
          dh_prev[k] += w.w_hh[static_cast<size_t>(r) * H + k] * dah[r];
        }
      }
      std::copy(dh_prev.begin(), dh_prev.end(), dhn);
    }
  }
  return dx;
}

// Runs every layer forward, keeping the traces. Empty h0 / c0 mean zero state.
std::vector<LayerTrace> stack_forward(const RefShape& s, const std::vector<RefLayerWeights>& w,
                                      const std::vector<double>& x, const std::vector<double>& h0,
                                      const std::vector<double>& c0) {
  const size_t NH = static_cast<size_t>(s.N) * s.H, state = s.L * NH;
  const bool lstm = s.cell == CellKind::lstm;
  check_weights(s, w);
  check_size(x, static_cast<size_t>(s.T) * s.N * s.I, "x");
  if (!h0.empty()) check_size(h0, state, "h0");
  if (lstm && !c0.empty()) check_size(c0, state, "c0");
  const std::vector<double> zeros(state, 0.0);
  const double* h0p = h0.empty() ? zeros.data() : h0.data();
  const double* c0p = c0.empty() ? zeros.data() : c0.data();
  std::vector<LayerTrace> traces;
  std::vector<double> input = x;
  for (int k = 0; k < s.L; ++k) {
    traces.push_back(layer_forward(s, w[k], k == 0 ? s.I : s.H, std::move(input), h0p + k * NH,
                                   lstm ? c0p + k * NH : nullptr));
    const auto& h = traces.back().h;
    input.assign(h.begin() + NH, h.end());  // steps 1..T are the outputs, the next layer's input
  }
  return traces;
}

}  // namespace

RefForward reference_forward(const RefShape& s, const std::vector<RefLayerWeights>& w,
                             const std::vector<double>& x, const std::vector<double>& h0,
                             const std::vector<double>& c0) {
  const size_t NH = static_cast<size_t>(s.N) * s.H;
  const auto traces = stack_forward(s, w, x, h0, c0);
  RefForward out;
  out.y.assign(traces.back().h.begin() + NH, traces.back().h.end());
  for (const auto& tr : traces) {
    out.h_final.insert(out.h_final.end(), tr.h.end() - NH, tr.h.end());
    if (s.cell == CellKind::lstm) out.c_final.insert(out.c_final.end(), tr.c.end() - NH, tr.c.end());
  }
  return out;
}

RefGradients reference_backward(const RefShape& s, const std::vector<RefLayerWeights>& w,
                                const std::vector<double>& x, const std::vector<double>& h0,
                                const std::vector<double>& c0, const std::vector<double>& dy,
                                const std::vector<double>& dh_final,
                                const std::vector<double>& dc_final) {
  const size_t NH = static_cast<size_t>(s.N) * s.H, state = s.L * NH;
  const bool lstm = s.cell == CellKind::lstm;
  const auto traces = stack_forward(s, w, x, h0, c0);
  check_size(dy, static_cast<size_t>(s.T) * NH, "dy");
  if (!dh_final.empty()) check_size(dh_final, state, "dh_final");
  if (lstm && !dc_final.empty()) check_size(dc_final, state, "dc_final");

  RefGradients grads;
  grads.dweights.resize(s.L);
  grads.dh0.assign(state, 0.0);
  if (lstm) grads.dc0.assign(state, 0.0);
  // Backward runs the layers in reverse: layer k's input gradient is layer k-1's output gradient.
  std::vector<double> dout = dy;
  for (int k = s.L - 1; k >= 0; --k) {
    RefLayerWeights& dw = grads.dweights[k];
    dw.w_ih.assign(w[k].w_ih.size(), 0.0);
    dw.w_hh.assign(w[k].w_hh.size(), 0.0);
    dw.b_ih.assign(w[k].b_ih.size(), 0.0);
    dw.b_hh.assign(w[k].b_hh.size(), 0.0);
    std::vector<double> dh(NH, 0.0), dc(NH, 0.0);
    if (!dh_final.empty()) std::copy_n(dh_final.begin() + k * NH, NH, dh.begin());
    if (lstm && !dc_final.empty()) std::copy_n(dc_final.begin() + k * NH, NH, dc.begin());
    dout = layer_backward(s, w[k], traces[k], dout, dh, dc, dw);
    std::copy(dh.begin(), dh.end(), grads.dh0.begin() + k * NH);
    if (lstm) std::copy(dc.begin(), dc.end(), grads.dc0.begin() + k * NH);
  }
  grads.dx = std::move(dout);
  return grads;
}

}  // namespace lstmkit::testing
