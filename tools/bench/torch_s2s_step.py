#!/usr/bin/env python3
"""CPU time of one training step of the PyTorch peer (tools/bench/torch_s2s_attention.py's model: forward,
loss, backward, clipping and Adam) on tools/bench/s2s_step_profile.cc's shapes, one thread:
    OMP_NUM_THREADS=1 /usr/bin/python3 tools/bench/torch_s2s_step.py [REPEATS]"""
import importlib.util
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

spec = importlib.util.spec_from_file_location("peer", os.path.join(os.path.dirname(__file__), "torch_s2s_attention.py"))
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)

TS, TT, N, E, H, V = 30, 35, 64, 256, 256, 100


def main():
    torch.set_num_threads(1)
    torch.manual_seed(1)
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    model = peer.Seq2SeqAttention(V, V, E, H, 1, 0.2)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    src = torch.randint(4, V, (TS, N))
    tgt_in, tgt_out = torch.randint(4, V, (TT, N)), torch.randint(4, V, (TT, N))
    times = []
    for r in range(reps + 1):  # the first step warms up and is not counted
        start = time.process_time()
        opt.zero_grad()
        logits = model(src, [TS] * N, tgt_in)
        F.cross_entropy(logits.view(-1, V), tgt_out.view(-1), ignore_index=peer.PAD).backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        if r:
            times.append(time.process_time() - start)
    print("PyTorch peer: %.1f CPU ms per training step (fastest %.1f)" % (1e3 * sum(times) / len(times), 1e3 * min(times)))


if __name__ == "__main__":
    main()
