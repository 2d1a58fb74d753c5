"""lstmkit.LanguageModel: train → sample → evaluate → save → load, equal to the command-line program's
numbers on the same seed and options."""
import numpy as np
import pytest

import lstmkit
from conftest import TEXT, TINY, cli_options


@pytest.fixture
def trained(tmp_path, text_file, cli):
    """The same run made by the CLI and by Python."""
    cli.run("train-lm", "--text", str(text_file), "--out", str(tmp_path / "cli"), "--quiet", *cli_options(TINY))
    model = lstmkit.LanguageModel.train(files=str(text_file), out=tmp_path / "py", verbose=False, **TINY)
    return model, tmp_path / "cli" / "model.safetensors"


def test_training_gives_the_cli_weights(trained):
    model, cli_checkpoint = trained
    theirs = lstmkit.load(cli_checkpoint).weights()
    ours = model.weights()
    assert sorted(ours) == sorted(theirs)
    for name in ours:
        np.testing.assert_array_equal(ours[name], theirs[name], err_msg=name)
    assert model.result["outcome"] == "finished" and model.result["epochs"] == 2


def test_sample_and_evaluate_equal_the_cli(trained, cli, text_file):
    model, cli_checkpoint = trained
    text = model.sample(60, seed=3, prime="the ", temperature=0.8)
    printed = cli.run("sample", "--model", str(cli_checkpoint), "--length", "60", "--seed", "3", "--prime", "the ",
                      "--temperature", "0.8", "--threads", "1").stdout
    assert printed == text + "\n"
    assert text.startswith("the ")
    ours = model.evaluate(files=str(text_file))
    theirs = cli.json("eval", "--model", str(cli_checkpoint), "--text", str(text_file), "--threads", "1")
    for key in ("tokens", "unit", "loss", "bits", "perplexity"):
        assert ours[key] == theirs[key], key
    assert model.evaluate(text=TEXT)["loss"] == ours["loss"]


def test_a_sample_without_seed_keeps_the_seed_it_drew(trained):
    model, _ = trained
    first = model.sample(40, temperature=1.5)
    seed = model.last_sample_seed
    assert isinstance(seed, int)
    assert model.sample(40, temperature=1.5, seed=seed) == first
    model.sample(40, temperature=1.5)
    assert model.last_sample_seed != seed


def test_save_and_load_round_trip(trained, tmp_path, cli):
    model, _ = trained
    path = tmp_path / "saved.safetensors"
    model.save(path)
    again = lstmkit.load(path)
    assert isinstance(again, lstmkit.LanguageModel) and again.kind == "lm"
    assert again.sample(40, seed=9) == model.sample(40, seed=9)
    assert again.evaluate(text=TEXT) == model.evaluate(text=TEXT)
    assert again.vocab == model.vocab and again.config == model.config
    printed = cli.run("sample", "--model", str(path), "--length", "40", "--seed", "9", "--threads", "1").stdout
    assert printed == model.sample(40, seed=9) + "\n"


def test_summary_prints_keras_counts(trained, cli, capsys):
    model, cli_checkpoint = trained
    table = model.summary()
    printed = capsys.readouterr().out
    assert "Total params: " in printed and "(Keras)" in printed
    theirs = cli.json("summary", "--model", str(cli_checkpoint))
    assert table["layers"] == theirs["layers"]
    assert table["keras_params"] == theirs["keras_params"] and table["torch_params"] == theirs["torch_params"]
    assert table["torch_params"] == sum(w.size for w in model.weights().values())


def test_on_epoch_is_called_once_per_epoch(tmp_path, capfd):
    seen = []
    model = lstmkit.LanguageModel.train(text=TEXT, out=tmp_path / "run", verbose=False, on_epoch=seen.append,
                                        **dict(TINY, epochs=3))
    assert [e["epoch"] for e in seen] == [1, 2, 3]
    assert all(e["epochs"] == 3 and e["loss"] > 0 and e["val_loss"] > 0 for e in seen)
    assert model.history == seen
    assert capfd.readouterr().err == ""  # verbose=False: nothing printed


def test_verbose_prints_a_line_per_epoch(tmp_path, capfd):
    lstmkit.LanguageModel.train(text=TEXT, out=tmp_path / "run", **TINY)
    err = capfd.readouterr().err
    assert [line.split()[1] for line in err.splitlines() if line.startswith("epoch ")] == ["1/2", "2/2"]


def test_summary_of_a_stack():
    table = lstmkit.summary(1, hidden=40, head=1, return_sequences=True, print_fn=None)
    assert [row["keras_params"] for row in table["layers"]] == [6720, 41]
    assert lstmkit.summary(1, hidden=40, cell="rnn", print_fn=None)["keras_params"] == 1680


def test_vocab_of_a_text():
    report = lstmkit.vocab(text="aaab", top=1)
    assert report["tokens"] == 4 and report["distinct"] == 2
    assert report["top"] == [("a", 3)]
    assert report["vocabulary"][:4] == ["<pad>", "<unk>", "<s>", "</s>"]


def test_label_smoothing_gives_the_cli_weights(tmp_path, text_file, cli):
    options = dict(TINY, epochs=1, label_smoothing=0.2)
    cli.run("train-lm", "--text", str(text_file), "--out", str(tmp_path / "cli"), "--quiet", *cli_options(options))
    model = lstmkit.LanguageModel.train(files=str(text_file), out=tmp_path / "py", verbose=False, **options)
    plain = lstmkit.LanguageModel.train(files=str(text_file), out=tmp_path / "plain", verbose=False,
                                        **dict(TINY, epochs=1))
    theirs = lstmkit.load(tmp_path / "cli" / "model.safetensors").weights()
    for name, value in model.weights().items():
        np.testing.assert_array_equal(value, theirs[name], err_msg=name)
    assert any(not np.array_equal(value, plain.weights()[name]) for name, value in model.weights().items())
