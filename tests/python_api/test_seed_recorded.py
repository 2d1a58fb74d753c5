"""The seed a training run used is stored in its checkpoints' train_state, whether it was given or left to
its default, on every training path: the command-line program's and Python's, for each model kind; and
the run says it."""
import json
import struct

import numpy as np
import pytest

import lstmkit
from conftest import TEXT

PAIRS = [(w, w[::-1]) for w in ["abc", "bca", "cab", "abd", "dab", "bad", "cad", "dca", "acd", "bdc", "cbd", "ab"]]
SERIES = np.sin(np.arange(200, dtype=np.float32) / 5)

# kind: (CLI command and its data and size options, the Python call training the same on given options)
RUNS = {
    "lm": (["train-lm", "--epochs", "1", "--hidden", "8", "--layers", "1", "--batch", "2", "--seq-len", "8"],
           lambda out, **seed: lstmkit.LanguageModel.train(TEXT, out=out, verbose=False, epochs=1, hidden=8, layers=1,
                                                           batch=2, seq_len=8, **seed)),
    "s2s": (["train-s2s", "--epochs", "1", "--hidden", "8", "--batch", "4", "--val-sources", "2"],
            lambda out, **seed: lstmkit.Translator.train(PAIRS, out=out, verbose=False, epochs=1, hidden=8, batch=4,
                                                         val_sources=2, **seed)),
    "ts": (["train-ts", "--epochs", "1", "--hidden", "4", "--window", "8"],
           lambda out, **seed: lstmkit.Forecaster.fit(SERIES, out=out, verbose=False, epochs=1, hidden=4, window=8, **seed)),
}


def recorded_seed(checkpoint):
    blob = open(checkpoint, "rb").read()
    n = struct.unpack("<Q", blob[:8])[0]
    return int(json.loads(json.loads(blob[8:8 + n])["__metadata__"]["train_state"])["seed"])


def data_args(kind, tmp_path):
    if kind == "lm":
        path = tmp_path / "text.txt"
        path.write_text(TEXT, encoding="utf-8")
        return ["--text", str(path)]
    if kind == "s2s":
        path = tmp_path / "pairs.tsv"
        path.write_text("".join(f"{s}\t{t}\n" for s, t in PAIRS), encoding="utf-8")
        return ["--pairs", str(path)]
    path = tmp_path / "series.csv"
    path.write_text("value\n" + "".join("%.9g\n" % v for v in SERIES))
    return ["--csv", str(path)]


@pytest.mark.parametrize("kind", sorted(RUNS))
def test_cli_records_and_prints_the_seed(cli, tmp_path, kind):
    command, _ = RUNS[kind]
    for seed, args in ((1, []), (7, ["--seed", "7"])):
        out = tmp_path / f"cli{seed}"
        done = cli.run(*command, *data_args(kind, tmp_path), "--out", str(out), "--threads", "1", *args)
        assert f"seed {seed}" in done.stderr
        for name in ("model.safetensors", "last.safetensors"):
            assert recorded_seed(out / name) == seed


@pytest.mark.parametrize("kind", sorted(RUNS))
def test_python_records_and_reports_the_seed(tmp_path, kind):
    _, train = RUNS[kind]
    for seed, keywords in ((1, {}), (7, {"seed": 7})):
        model = train(tmp_path / f"py{seed}", **keywords)
        for name in ("model.safetensors", "last.safetensors"):
            assert recorded_seed(tmp_path / f"py{seed}" / name) == seed
        assert model.result["seed"] == seed
