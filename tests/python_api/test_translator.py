"""lstmkit.Translator: train → translate → evaluate → save → load, equal to the command-line program's
weights, translations and scores on the same seed and options; its errors and its epoch callback."""
import json

import numpy as np
import pytest

import lstmkit
from conftest import cli_options

WORDS = ["abc", "bca", "cab", "abd", "dab", "bad", "cad", "dca", "acd", "bdc", "cbd", "dbca", "abcd", "dcb", "ba",
         "ab", "cd", "dc", "ca", "bd", "db", "acb", "bac", "cba"]
# Each word and its reversal, and a second reference for the first source.
PAIRS = [(w, w[::-1]) for w in WORDS] + [("abc", "cab")]
# A translator small enough to train in about a second: one thread, as the CLI runs below.
TINY = dict(epochs=2, hidden=8, embed=6, batch=4, val_sources=4, seed=5, threads=1)


@pytest.fixture
def pairs_file(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("".join(f"{s}\t{t}\n" for s, t in PAIRS), encoding="utf-8")
    return path


@pytest.fixture
def trained(tmp_path, pairs_file, cli):
    """The same run made by the CLI and by Python (from the list of pairs)."""
    cli.run("train-s2s", "--pairs", str(pairs_file), "--out", str(tmp_path / "cli"), "--quiet", *cli_options(TINY))
    model = lstmkit.Translator.train(PAIRS, out=tmp_path / "py", verbose=False, **TINY)
    return model, tmp_path / "cli" / "model.safetensors"


def test_training_gives_the_cli_weights(trained, tmp_path, pairs_file):
    model, cli_checkpoint = trained
    theirs = lstmkit.load(cli_checkpoint).weights()
    ours = model.weights()
    assert sorted(ours) == sorted(theirs)
    for name in ours:
        np.testing.assert_array_equal(ours[name], theirs[name], err_msg=name)
    assert model.result["outcome"] == "finished" and model.result["epochs"] == 2
    assert model.result["train_pairs"] + model.result["val_pairs"] == len(PAIRS)
    from_file = lstmkit.Translator.train(file=pairs_file, out=tmp_path / "file", verbose=False, **TINY)
    for name, value in from_file.weights().items():
        np.testing.assert_array_equal(value, ours[name], err_msg=name)


def test_translate_equals_the_cli(trained, tmp_path, cli):
    model, cli_checkpoint = trained
    sources = ["abc", "", "dcba", "bd"]
    source_file = tmp_path / "sources.txt"
    source_file.write_text("".join(s + "\n" for s in sources), encoding="utf-8")

    def printed(*args):
        return cli.run("translate", "--model", str(cli_checkpoint), "--input", str(source_file), "--threads", "1",
                       *args).stdout.splitlines()

    assert model.translate(sources, beam=1) == printed()
    assert model.translate(sources) == printed("--beam", "5")
    assert model.translate("abc", beam=1) == printed()[0]
    aligned = model.translate(sources, beam=3, alignments=True)
    assert ["\t".join(pair) for pair in aligned] == printed("--beam", "3", "--alignments")
    n_best = model.translate(sources, beam=3, n_best=2)
    assert [f"{line}\t{score:.4f}\t{text}" for line, best in enumerate(n_best, 1) for text, score in best] == \
        printed("--beam", "3", "--n-best", "2")


def test_evaluate_equals_eval_json(trained, tmp_path, pairs_file, cli):
    model, cli_checkpoint = trained
    theirs = cli.json("eval", "--model", str(cli_checkpoint), "--pairs", str(pairs_file), "--beam", "2",
                      "--max-len-ratio", "1.5", "--threads", "1")
    assert model.evaluate(file=pairs_file, beam=2, max_len_ratio=1.5) == theirs
    assert model.evaluate(PAIRS, beam=2, max_len_ratio=1.5) == theirs
    assert theirs["sources"] == len(WORDS) and theirs["references"] == len(PAIRS)
    assert theirs["decoding"]["max_len_ratio"] == 1.5
    hypotheses = tmp_path / "hypotheses.txt"
    hypotheses.write_text("".join(w + "\n" for w in WORDS), encoding="utf-8")
    scored = cli.json("eval", "--hypotheses", str(hypotheses), "--pairs", str(pairs_file))
    assert lstmkit.evaluate_translations(WORDS, file=pairs_file) == scored
    assert lstmkit.evaluate_translations(WORDS, PAIRS) == scored


def test_save_load_and_summary(trained, tmp_path, cli):
    model, cli_checkpoint = trained
    path = tmp_path / "saved.safetensors"
    model.save(path)
    again = lstmkit.load(path)
    assert isinstance(again, lstmkit.Translator) and again.kind == "s2s"
    assert again.translate(["abc", "bd"]) == model.translate(["abc", "bd"])
    assert again.config == model.config and model.config["attention"] == "luong" and model.config["embed"] == 6
    assert again.source_vocab == model.source_vocab and again.target_vocab[:4] == ["<pad>", "<unk>", "<s>", "</s>"]
    table = model.summary(print_fn=None)
    theirs = cli.json("summary", "--model", str(cli_checkpoint))
    assert table["layers"] == theirs["layers"] and table["keras_params"] == theirs["keras_params"]
    assert table["torch_params"] == sum(w.size for w in model.weights().values())


def test_on_epoch_gets_the_validation_metrics(tmp_path, capfd):
    seen = []
    model = lstmkit.Translator.train(PAIRS, out=tmp_path / "run", verbose=False, on_epoch=seen.append,
                                     valid_metrics="bleu,chrf", best_by="chrf", **dict(TINY, epochs=3))
    assert [e["epoch"] for e in seen] == [1, 2, 3]
    assert all(e["val_loss"] > 0 and 0 <= e["val_bleu"] <= 100 and 0 <= e["val_chrf"] <= 100 for e in seen)
    assert seen[0]["best"]
    assert model.history == seen
    assert capfd.readouterr().err == ""


def test_a_callback_error_stops_the_run(tmp_path):
    def fail(epoch):
        raise ValueError("stop here")

    with pytest.raises(ValueError, match="stop here"):
        lstmkit.Translator.train(PAIRS, out=tmp_path / "run", verbose=False, on_epoch=fail, **dict(TINY, epochs=3))
    assert (tmp_path / "run" / "last.safetensors").exists()


def test_tying_takes_the_hidden_width(tmp_path):
    model = lstmkit.Translator.train(PAIRS, out=tmp_path / "run", verbose=False, tie_embeddings=True,
                                     **dict(TINY, embed=None, epochs=1))
    assert model.config["embed"] == 8 and model.config["tie_embeddings"]


def test_errors_name_keywords(tmp_path, pairs_file, cli):
    def cli_line(*args):
        done = cli.run(*args, check=False)
        assert done.returncode != 0
        return done.stderr.strip().splitlines()[-1]

    with pytest.raises(lstmkit.UsageError, match=r"^lstmkit: error: epoch: is not an option of Translator.train"):
        lstmkit.Translator.train(PAIRS, out=tmp_path / "run", epoch=3)
    with pytest.raises(lstmkit.UsageError, match=r"^lstmkit: error: pairs: item 2 is not a \(source, target\) pair"):
        lstmkit.Translator.train([("a", "b"), ("c",)], out=tmp_path / "run")
    with pytest.raises(lstmkit.UsageError, match=r"^lstmkit: error: pairs: pair 1 holds a tab"):
        lstmkit.Translator.train([("a\tb", "c")], out=tmp_path / "run")
    with pytest.raises(lstmkit.UsageError) as raised:
        lstmkit.Translator.train(PAIRS, out=tmp_path / "run", verbose=False, **dict(TINY, embed=4, tie_embeddings=True))
    assert str(raised.value).startswith("lstmkit: error: tie_embeddings: needs embed equal to hidden")
    with pytest.raises(lstmkit.Error) as raised:
        lstmkit.Translator.train(file=tmp_path / "missing.tsv", out=tmp_path / "run", verbose=False)
    assert str(raised.value) == cli_line("train-s2s", "--pairs", str(tmp_path / "missing.tsv"), "--out",
                                         str(tmp_path / "cli"))
    assert not (tmp_path / "run" / "model.safetensors").exists()
    seed = lstmkit.Translator.train(PAIRS, out=tmp_path / "seed", verbose=False, attention="none",
                                    **dict(TINY, embed=None, epochs=1))
    assert seed.config.get("embed", 0) == 0 and "attention" not in seed.config
    with pytest.raises(lstmkit.Error, match=r"^lstmkit: error: alignments: has no attention to align with"):
        seed.translate(["abc"], alignments=True)
    with pytest.raises(lstmkit.UsageError, match=r"^lstmkit: error: n_best: "):
        seed.translate(["abc"], beam=2, n_best=3)
    with pytest.raises(lstmkit.Error, match=r"^lstmkit: error: hypotheses: has 1 lines for the 24 distinct"):
        lstmkit.evaluate_translations(["x"], PAIRS)
