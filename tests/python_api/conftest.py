"""Fixtures of the Python package's tests: the built package (PYTHONPATH, set by CTest), the command-line
program beside it (LSTMKIT_BINARY) and a tiny text."""
import json
import os
import subprocess

import pytest

TEXT = ("the quick brown fox jumps over the lazy dog. the dog sleeps; the fox runs far away.\n"
        "a fox, a dog and a cat went to the river to drink the cold water of the hills.\n") * 8

# A model small enough to train in well under a second: one thread, as the CLI runs below.
TINY = dict(epochs=2, hidden=16, layers=1, batch=4, seq_len=16, seed=5, threads=1)


def cli_options(options):
    args = []
    for key, value in options.items():
        args += ["--" + key.replace("_", "-"), str(value)]
    return args


class Cli:
    def __init__(self, binary):
        self.binary = binary

    def run(self, *args, check=True):
        done = subprocess.run([self.binary, *args], capture_output=True, text=True, timeout=300)
        if check and done.returncode != 0:
            raise AssertionError(f"lstmkit {' '.join(args)} exited {done.returncode}: {done.stderr}")
        return done

    def json(self, *args):
        return json.loads(self.run(*args, "--json").stdout)


@pytest.fixture(scope="session")
def cli():
    binary = os.environ.get("LSTMKIT_BINARY")
    assert binary and os.path.exists(binary), "LSTMKIT_BINARY must name the built lstmkit program"
    return Cli(binary)


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "text.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path
