#!/usr/bin/env python3
"""PyTorch parity for the attention decoder: a checkpoint written by lstmkit's AttentionDecoder loads
with load_state_dict(strict=True) into a small OpenNMT-py-style decoder (nn.LSTM / nn.GRU stepped one
time step at a time with input feeding, and OpenNMT-py's GlobalAttention "general" / "mlp" written out
below), and the outputs, attention weights and every gradient (embeddings, encoder outputs, initial
state, each parameter) agree to 1e-5, for luong and bahdanau with unequal source lengths.

usage: test_attention_parity.py PATH/TO/lstmkit PATH/TO/lstmkit_parity_dump
(lstmkit_attention_dump is found beside lstmkit_parity_dump)
"""
import os
import subprocess
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_numpy  # noqa: E402
from parity_compare import compare  # noqa: E402

TOL = 1e-5
CELLS = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


class GlobalAttention(torch.nn.Module):
    """OpenNMT-py's GlobalAttention (onmt/modules/global_attention.py), query width H, memory width M."""

    def __init__(self, H, M, attn_type):
        super().__init__()
        self.attn_type = attn_type
        if attn_type == "general":
            self.linear_in = torch.nn.Linear(H, M, bias=False)
        else:
            self.linear_context = torch.nn.Linear(M, H, bias=False)
            self.linear_query = torch.nn.Linear(H, H, bias=True)
            self.v = torch.nn.Linear(H, 1, bias=False)
        self.linear_out = torch.nn.Linear(M + H, H, bias=attn_type == "mlp")

    def score(self, h_t, h_s):  # h_t [N, H], h_s [N, S, M] -> [N, S]
        if self.attn_type == "general":
            return torch.bmm(h_s, self.linear_in(h_t).unsqueeze(2)).squeeze(2)
        wq = self.linear_query(h_t).unsqueeze(1)
        uh = self.linear_context(h_s)
        return self.v(torch.tanh(wq + uh)).squeeze(2)

    def forward(self, h_t, h_s, lengths):
        align = self.score(h_t, h_s)
        mask = torch.arange(h_s.size(1)).unsqueeze(0) < lengths.unsqueeze(1)
        align = align.masked_fill(~mask, -float("inf"))
        a = torch.softmax(align, dim=1)
        c = torch.bmm(a.unsqueeze(1), h_s).squeeze(1)
        attn_h = self.linear_out(torch.cat([c, h_t], 1))
        if self.attn_type == "general":
            attn_h = torch.tanh(attn_h)
        return attn_h, a


class Decoder(torch.nn.Module):
    """OpenNMT-py's InputFeedRNNDecoder without dropout: x_t = [e_t; h~_{t-1}], h~_0 = 0."""

    def __init__(self, cell, E, H, L, M, attn_type):
        super().__init__()
        self.rnn = CELLS[cell](E + H, H, L)
        self.attn = GlobalAttention(H, M, attn_type)

    def forward(self, emb, memory, lengths, state):
        T, N, _ = emb.shape
        h_s = memory.transpose(0, 1)
        feed = torch.zeros(N, self.attn.linear_out.out_features, dtype=emb.dtype)
        outs, aligns = [], []
        for t in range(T):
            y, state = self.rnn(torch.cat([emb[t], feed], 1).unsqueeze(0), state)
            feed, a = self.attn(y.squeeze(0), h_s, lengths)
            outs.append(feed)
            aligns.append(a)
        return torch.stack(outs), torch.stack(aligns)


def check(dump, kind, cell, E, H, L, M, T, S, lengths, seed, failures):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "attention.safetensors")
        args = [kind, cell] + [str(v) for v in (E, H, L, M, T, S, seed)] + [str(n) for n in lengths]
        subprocess.run([dump, path] + args, check=True)
        t, meta = safetensors_numpy.load(path)
    print(f"{kind} {cell} E={E} H={H} L={L} M={M} T={T} S={S} lengths={lengths}")
    assert meta["format"] == "lstmkit-checkpoint", meta
    model = torch.nn.ModuleDict({"decoder": Decoder(cell, E, H, L, M, "general" if kind == "luong" else "mlp")})
    model = model.double()
    state = {k: torch.from_numpy(v).double() for k, v in t.items() if k.startswith("decoder.")}
    model.load_state_dict(state, strict=True)  # raises on any missing, unexpected or mis-shaped tensor

    def leaf(name):
        return torch.from_numpy(t[name]).double().requires_grad_()

    emb, memory, h0 = leaf("emb"), leaf("memory"), leaf("h0")
    c0 = leaf("c0") if cell == "lstm" else None
    lengths_t = torch.from_numpy(t["lengths"]).long()
    assert lengths_t.tolist() == list(lengths)
    out, align = model["decoder"](emb, memory, lengths_t, (h0, c0) if cell == "lstm" else h0)
    (out * torch.from_numpy(t["dout"]).double()).sum().backward()

    compare("out", t["out"], out.detach(), failures, TOL)
    compare("align", t["align"], align.detach(), failures, TOL)
    compare("grad.emb", t["grad.emb"], emb.grad, failures, TOL)
    compare("grad.memory", t["grad.memory"], memory.grad, failures, TOL)
    compare("grad.h0", t["grad.h0"], h0.grad, failures, TOL)
    if cell == "lstm":
        compare("grad.c0", t["grad.c0"], c0.grad, failures, TOL)
    for name, p in model.named_parameters():
        compare("grad." + name, t["grad." + name], p.grad, failures, TOL)


def main():
    dump = os.path.join(os.path.dirname(os.path.abspath(sys.argv[2])), "lstmkit_attention_dump")
    failures = []
    for kind in ("luong", "bahdanau"):
        # M ≠ H ≠ E, two layers, unequal lengths including a one-position source.
        check(dump, kind, "lstm", E=5, H=6, L=2, M=7, T=4, S=5, lengths=[5, 1, 3], seed=21, failures=failures)
        check(dump, kind, "gru", E=3, H=4, L=1, M=4, T=3, S=2, lengths=[2, 2], seed=22, failures=failures)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("all attention parity checks passed")


if __name__ == "__main__":
    main()
