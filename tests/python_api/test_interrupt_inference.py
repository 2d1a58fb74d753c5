"""Ctrl-C during a long inference call (LanguageModel.sample and .evaluate, Translator.translate and
.evaluate, Forecaster.predict and .forecast): the job stops between batches, KeyboardInterrupt is raised promptly, and
the model stays usable — a second call works. Each case runs in a subprocess that receives a real SIGINT.
And the GIL is released while the math runs."""
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import lstmkit
from conftest import TEXT, TINY

# Runs one long call on the model at argv[1], then a short one, and says how each ended.
CHILD = textwrap.dedent("""
    import sys
    import numpy as np
    import lstmkit

    model = lstmkit.load(sys.argv[1])
    sources = ["abc", "ba", "cab", "abcd", "dc"] * 40000
    pairs = [(s, s[::-1]) for s in sources]
    windows = np.tile(np.sin(np.arange(8, dtype=np.float32)), (3_000_000, 1))
    series = np.sin(np.arange(200, dtype=np.float32) / 3)
    long_calls = {
        "sample": lambda: model.sample(10**9, seed=1, threads=1),
        "evaluate_lm": lambda: model.evaluate(text="the fox runs. " * 100000, threads=1),
        "translate": lambda: model.translate(sources, beam=3, threads=1),
        "evaluate_pairs": lambda: model.evaluate(pairs, beam=3, threads=1),
        "predict": lambda: model.predict(windows, threads=1),
        "forecast": lambda: model.forecast(3_000_000, series=series, threads=1),
    }
    short_calls = {
        "sample": lambda: len(model.sample(5, seed=1, prime="the", threads=1)) > 3,
        "evaluate_lm": lambda: model.evaluate(text="the dog sleeps", threads=1)["tokens"] == 14,
        "translate": lambda: isinstance(model.translate("abc", threads=1), str),
        "evaluate_pairs": lambda: model.evaluate(pairs[:3], threads=1)["pairs"] == 3,
        "predict": lambda: model.predict(windows[:2], threads=1).shape == (2, 1),
        "forecast": lambda: model.forecast(3, series=series, threads=1).shape == (3,),
    }
    case = sys.argv[2]
    print("ready", flush=True)
    try:
        long_calls[case]()
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    print("second call", short_calls[case](), flush=True)
""")


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """A small model of each kind, saved: one epoch each, wide enough that the long calls take tens of
    seconds uninterrupted."""
    out = tmp_path_factory.mktemp("models")
    lstmkit.LanguageModel.train(text=TEXT, out=out / "lm", verbose=False, **dict(TINY, epochs=1, hidden=128))
    words = ["abc", "bca", "cab", "abd", "dab", "bad", "cad", "dca", "ab", "ba", "cd", "dc"]
    lstmkit.Translator.train([(w, w[::-1]) for w in words], out=out / "s2s", verbose=False, epochs=1, hidden=64,
                             batch=4, seed=5, threads=1)
    lstmkit.Forecaster.fit(np.sin(np.arange(200, dtype=np.float32) / 3), window=8, out=out / "ts", verbose=False,
                           epochs=1, hidden=4, threads=1)
    return {kind: out / kind / "model.safetensors" for kind in ("lm", "s2s", "ts")}


@pytest.mark.parametrize("case, kind", [("sample", "lm"), ("evaluate_lm", "lm"), ("translate", "s2s"),
                                        ("evaluate_pairs", "s2s"), ("predict", "ts"), ("forecast", "ts")])
def test_ctrl_c_raises_keyboard_interrupt_promptly_and_the_model_stays_usable(models, case, kind):
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(models[kind]), case], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "ready\n"
        time.sleep(1.0)  # well inside the call: each takes tens of seconds uninterrupted
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        ended = child.stdout.readline()
        took = time.monotonic() - sent
        assert ended == "interrupted\n", child.stderr.read()
        # A tiny model's batch takes milliseconds; the bound allows for a loaded test machine.
        assert took < 3.0, f"KeyboardInterrupt came {took:.2f} s after Ctrl-C"
        assert child.stdout.readline() == "second call True\n", child.stderr.read()
        assert child.wait(timeout=60) == 0
    finally:
        child.kill()
        child.wait()


def test_other_python_threads_run_during_a_call(models):
    model = lstmkit.load(models["s2s"])
    done = threading.Event()

    def translate():
        model.translate(["abc", "ba", "cab", "abcd", "dc"] * 4000, beam=3, threads=1)
        done.set()

    worker = threading.Thread(target=translate)
    started = time.monotonic()
    worker.start()
    ticks = 0
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    # Holding the GIL, the call would have let this loop run once or twice at most.
    assert ticks > 20, f"{ticks} ticks in {time.monotonic() - started:.2f} s"
