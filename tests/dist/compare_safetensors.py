#!/usr/bin/env python3
"""Compares two safetensors files tensor by tensor (tests/cli/mpi_training.sh).

usage: compare_safetensors.py A B TOLERANCE
Every tensor must be in both, of one shape, and max|a − b| ≤ TOLERANCE · max|b| (relative to the
tensor's largest value). Prints the worst relative difference; exit 1 when a check fails.
"""
import json
import struct
import sys
from array import array


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    tensors = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        if t["dtype"] != "F32":
            raise SystemExit(f"{path}: {name} is {t['dtype']}, not F32")
        begin, end = t["data_offsets"]
        tensors[name] = (t["shape"], array("f", data[begin:end]))
    return tensors


def main():
    a_path, b_path, tolerance = sys.argv[1], sys.argv[2], float(sys.argv[3])
    a, b = read(a_path), read(b_path)
    if a.keys() != b.keys():
        print(f"tensors differ: {sorted(a.keys() ^ b.keys())}")
        return 1
    worst, worst_name = 0.0, ""
    for name in sorted(a):
        (sa, va), (sb, vb) = a[name], b[name]
        if sa != sb:
            print(f"{name}: shape {sa} against {sb}")
            return 1
        scale = max((abs(x) for x in vb), default=0.0)
        diff = max((abs(x - y) for x, y in zip(va, vb)), default=0.0)
        rel = diff / scale if scale > 0 else diff
        if rel >= worst:
            worst, worst_name = rel, name
    print(f"{len(a)} tensors, worst relative difference {worst:.3g} ({worst_name})")
    return 0 if worst <= tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
