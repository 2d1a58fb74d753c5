"""Ctrl-C during training: the run saves last.safetensors and KeyboardInterrupt is raised; an exception
raised by the on_epoch callback stops the run the same way and is raised in its place."""
import os
import signal

import pytest

import lstmkit
from conftest import TEXT, TINY


def test_ctrl_c_saves_and_raises_keyboard_interrupt(tmp_path):
    def press_ctrl_c(info):
        if info["epoch"] == 1:
            os.kill(os.getpid(), signal.SIGINT)  # the job's threads block it: Python's main thread gets it

    with pytest.raises(KeyboardInterrupt):
        lstmkit.LanguageModel.train(text=TEXT, out=tmp_path / "run", verbose=False, on_epoch=press_ctrl_c,
                                    **dict(TINY, epochs=50))
    last = tmp_path / "run" / "last.safetensors"
    assert last.exists()
    # The run stopped early and can be continued.
    resumed = lstmkit.LanguageModel.train(text=TEXT, out=tmp_path / "run", verbose=False, resume=True,
                                          **dict(TINY, epochs=3))
    assert resumed.result["outcome"] == "finished" and resumed.history[0]["epoch"] > 1


def test_the_callbacks_exception_stops_the_run(tmp_path):
    class Enough(Exception):
        pass

    def stop(info):
        raise Enough(info["epoch"])

    with pytest.raises(Enough) as raised:
        lstmkit.LanguageModel.train(text=TEXT, out=tmp_path / "run", verbose=False, on_epoch=stop,
                                    **dict(TINY, epochs=50))
    assert raised.value.args == (1,)
    assert (tmp_path / "run" / "last.safetensors").exists()


def test_load_gives_a_checkpoint_of_another_kind(tmp_path, cli):
    cli.run("train-ts", "--synthetic", "sine", "--epochs", "1", "--hidden", "4", "--window", "8", "--threads", "1",
            "--out", str(tmp_path / "ts"), "--quiet")
    loaded = lstmkit.load(tmp_path / "ts" / "model.safetensors")
    assert loaded.kind == "ts" and loaded.config["hidden"] == 4
    table = loaded.summary(print_fn=None)
    assert table["layers"] == cli.json("summary", "--model", str(tmp_path / "ts" / "model.safetensors"))["layers"]
