#!/usr/bin/env python3
"""PyTorch 1.13 speed reference for `lstmkit sample`: characters per second at batch 1.

Loads an lstmkit language-model checkpoint (one-hot input, PyTorch's tensor names) into nn.LSTM and
nn.Linear, feeds a one-character prime, then draws --length tokens one at a time: one-hot step, head,
softmax at temperature 1, torch.multinomial, fed back. Prints one line: chars_per_s. Only the drawing
loop is timed (not loading or the prime), as run.sh's difference of two lstmkit runs measures it.

Run with Debian's interpreter, which has python3-torch:
    /usr/bin/python3 tools/bench/torch_sample.py --model runs/lm/model.safetensors --threads 1
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "python"))
import safetensors_numpy  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True)
    p.add_argument("--length", type=int, default=2000)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    tensors, meta = safetensors_numpy.load(a.model)
    config = json.loads(meta["config"])
    vocab, hidden, layers = config["vocab_size"], config["hidden"], config["layers"]
    rnn = nn.LSTM(vocab, hidden, layers)
    head = nn.Linear(hidden, vocab)
    rnn.load_state_dict({k[len("rnn."):]: torch.from_numpy(v) for k, v in tensors.items() if k.startswith("rnn.")})
    head.load_state_dict({k[len("head."):]: torch.from_numpy(v) for k, v in tensors.items() if k.startswith("head.")})
    with torch.no_grad():
        x = torch.zeros(1, 1, vocab)
        token, state = 4, None
        start = time.perf_counter()
        for _ in range(a.length):
            x.zero_()
            x[0, 0, token] = 1.0
            y, state = rnn(x, state)
            probs = torch.softmax(head(y[0, 0]), dim=-1)
            token = int(torch.multinomial(probs, 1))
        seconds = time.perf_counter() - start
    print(f"chars_per_s,{a.length / seconds:.1f}")


if __name__ == "__main__":
    main()
