"""Bad arguments raise lstmkit.Error (lstmkit.UsageError for a bad option) whose message is the library's
one line, as the command-line program prints it with the option's keyword in place of its flag."""
import re

import pytest

import lstmkit
from conftest import TEXT, TINY, cli_options


def in_keywords(line):
    """The CLI's line with its options named as Python's keywords (--val-frac: val_frac)."""
    return re.sub(r"(?<![^ (])--([a-z][a-z0-9-]*)", lambda m: m.group(1).replace("-", "_"), line)


def cli_line(cli, *args):
    done = cli.run(*args, check=False)
    assert done.returncode != 0
    return done.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("keyword, bad", [("val_frac", dict(val_frac=0.001)), ("seq_len", dict(seq_len=5000, val_frac=0)),
                                          ("epochs", dict(epochs=0)), ("lr", dict(lr=-1.0))])
def test_a_bad_option_is_the_cli_error_under_its_keyword(tmp_path, text_file, cli, keyword, bad):
    options = dict(TINY, **bad)
    with pytest.raises(lstmkit.UsageError) as raised:
        lstmkit.LanguageModel.train(files=str(text_file), out=tmp_path / "py", verbose=False, **options)
    line = cli_line(cli, "train-lm", "--text", str(text_file), "--out", str(tmp_path / "cli"), *cli_options(options))
    assert str(raised.value) == in_keywords(line)
    assert str(raised.value).startswith(f"lstmkit: error: {keyword}: ")
    assert not (tmp_path / "py" / "model.safetensors").exists()


def test_a_missing_file_is_the_cli_error(tmp_path, cli):
    missing = str(tmp_path / "missing.txt")
    with pytest.raises(lstmkit.Error) as raised:
        lstmkit.LanguageModel.train(files=missing, out=tmp_path / "py", verbose=False)
    assert str(raised.value) == cli_line(cli, "train-lm", "--text", missing, "--out", str(tmp_path / "cli"))
    with pytest.raises(lstmkit.Error) as raised:
        lstmkit.load(missing)
    assert str(raised.value) == cli_line(cli, "sample", "--model", missing)


def test_unknown_and_mistyped_keywords_are_refused(tmp_path):
    with pytest.raises(lstmkit.UsageError, match=r"^lstmkit: error: epoch: is not an option of LanguageModel.train"):
        lstmkit.LanguageModel.train(text=TEXT, out=tmp_path / "run", epoch=3)
    with pytest.raises(lstmkit.UsageError, match=r"^lstmkit: error: hidden: must be an integer"):
        lstmkit.LanguageModel.train(text=TEXT, out=tmp_path / "run", hidden="16")
    with pytest.raises(lstmkit.UsageError, match=r"^lstmkit: error: input: gives both a text and files"):
        lstmkit.LanguageModel.train(text=TEXT, files="x.txt", out=tmp_path / "run")


def test_sampling_errors_name_keywords(tmp_path):
    model = lstmkit.LanguageModel.train(text=TEXT, out=tmp_path / "run", verbose=False, **TINY)
    with pytest.raises(lstmkit.Error, match=r"^lstmkit: error: prime: tokens not in the model's vocabulary: 'Q'; .*allow_unk"):
        model.sample(5, prime="Q")
    assert model.sample(5, prime="Q", allow_unk=True, seed=1).startswith("Q")
    with pytest.raises(lstmkit.UsageError, match=r"^lstmkit: error: top_k: "):
        model.sample(5, top_k=-1)
    with pytest.raises(lstmkit.UsageError, match=r"^lstmkit: error: temperature: "):
        model.sample(5, temperature=0.0)
