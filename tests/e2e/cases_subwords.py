"""SentencePiece subword units (--unit bpe|unigram, --vocab-size), the split by source sentence
(--val-sources, --write-split) and a damaged embedded SentencePiece model: option mistakes are refused
up front (exit 2); a --write-split that is a file, data SentencePiece cannot learn from and files that
would be overwritten exit 1. The attention translator's options are refused up front too."""

import base64

from e2e_lib import Case, both, corrupt, edit_meta_json, make_dir, write_file

S2S = ["train-s2s", "--pairs", "{fx}/pairs.tsv", "--batch", "8", "--epochs", "1", "--hidden", "8", "--out", "{d}/run"]
LM = ["train-lm", "--text", "{fx}/text.txt", "--seq-len", "8", "--batch", "2", "--epochs", "1", "--hidden", "8",
      "--out", "{d}/run"]


def up(name, argv, sub):
    return Case(name, argv, 2, sub, upfront=True)


def sentencepiece(blob):
    return edit_meta_json("target_vocab", lambda v: v.update(sentencepiece=blob))


def option_cases(fx):
    return [
        up("train-s2s --unit bpe --vocab-size 4", S2S + ["--unit", "bpe", "--vocab-size", "4"], r"--vocab-size"),
        up("train-s2s --unit bpe --vocab-size 2000000", S2S + ["--unit", "bpe", "--vocab-size", "2000000"],
           r"--vocab-size"),
        up("train-s2s --unit unigram --vocab-size -1", S2S + ["--unit", "unigram", "--vocab-size", "-1"],
           r"--vocab-size"),
        up("train-s2s --vocab-size 100 with --unit char", S2S + ["--vocab-size", "100"], r"--vocab-size"),
        up("train-s2s --unit bpe --max-vocab 10", S2S + ["--unit", "bpe", "--max-vocab", "10"], r"--max-vocab"),
        up("train-s2s --unit bpe --min-count 2", S2S + ["--unit", "bpe", "--min-count", "2"], r"--min-count"),
        up("train-s2s --unit sentencepiece", S2S + ["--unit", "sentencepiece"], r"--unit"),
        up("train-lm --unit bpe (train-s2s only)", LM + ["--unit", "bpe"], r"--unit"),
        up("train-lm --vocab-size (not an option)", LM + ["--vocab-size", "100"], r"vocab-size"),
        up("vocab --unit bpe --text - (stdin)", ["vocab", "--text", "-", "--unit", "bpe"], r"--text"),
        up("vocab --unit bpe --vocab-size 3", ["vocab", "--text", "{fx}/text.txt", "--unit", "bpe", "--vocab-size", "3"],
           r"--vocab-size"),
        up("train-s2s --val-sources -1", S2S + ["--val-sources", "-1"], r"--val-sources"),
        up("train-s2s --val-sources x", S2S + ["--val-sources", "x"], r"--val-sources"),
        up("train-s2s --val-sources with --val-frac", S2S + ["--val-sources", "2", "--val-frac", "0.2"],
           r"--val-sources|--val-frac"),
        up("train-s2s --val-sources with --val-pairs", S2S + ["--val-sources", "2", "--val-pairs", "{fx}/pairs.tsv"],
           r"--val-sources|--val-pairs"),
        up("train-s2s --write-split with --val-pairs", S2S + ["--write-split", "{d}/split", "--val-pairs",
                                                              "{fx}/pairs.tsv"], r"--write-split|--val-pairs"),
        Case("train-s2s --write-split into a file", S2S + ["--write-split", "{d}/afile"], 1, r"--write-split|afile",
             setup=write_file("afile", "not a directory\n"), upfront=True),
    ]


def data_cases(fx):
    return [
        Case("train-s2s --val-sources as many as the sources", S2S + ["--val-sources", "96"], 1, r"source",
             upfront=True),
        Case("train-s2s --unit bpe --vocab-size 10 (fewer than the characters)",
             S2S + ["--unit", "bpe", "--vocab-size", "10"], 1, r"SentencePiece"),
        Case("train-s2s --write-split over another split", S2S + ["--write-split", "{d}/split"], 1,
             r"valid\.tsv.*other pairs",
             setup=both(make_dir("split"), write_file("split/valid.tsv", "Hi.\tSalut !\n")), upfront=True),
    ]


def model_cases(fx):
    tr = ["translate", "--model", "{d}/model.safetensors"]
    ev = ["eval", "--model", "{d}/model.safetensors", "--pairs", "{fx}/pairs.tsv"]
    garbage = base64.b64encode(b"not a SentencePiece model at all").decode()
    cases = []
    for name, blob in (("not base64", "!!!!"), ("not a model", garbage), ("empty", "")):
        cases += [
            Case("translate: embedded SentencePiece model %s" % name, tr, 1, r"target_vocab|header",
                 setup=corrupt(fx, "s2sbpe", header=sentencepiece(blob)), stdin=b"Go.\n", upfront=True),
            Case("eval: embedded SentencePiece model %s" % name, ev, 1, r"target_vocab|header",
                 setup=corrupt(fx, "s2sbpe", header=sentencepiece(blob)), upfront=True),
        ]
    return cases


def attention_cases(fx):
    """The attention translator's options: train-s2s --attention, --bidirectional; translate
    --max-len-ratio, --max-len-add, alone and against --max-len."""
    tr = ["translate", "--model", "{fx}/s2s/model.safetensors"]
    cases = [
        up("train-s2s --attention dot", S2S + ["--attention", "dot"], r"^lstmkit: error: --attention"),
        up("train-s2s --attention ''", S2S + ["--attention", ""], r"^lstmkit: error: --attention"),
        up("train-s2s --bidirectional maybe", S2S + ["--bidirectional", "maybe"], r"bidirectional"),
    ]
    cases += [Case("translate %s" % " ".join(o), tr + list(o), 2, r"^lstmkit: error: " + o[-2], stdin=b"Go.\n",
                   upfront=True) for o in [
        ("--max-len-ratio", "0"), ("--max-len-ratio", "-1"), ("--max-len-ratio", "nan"), ("--max-len-ratio", "1e9"),
        ("--max-len-add", "-1"), ("--max-len-add", "2000000000"), ("--max-len", "5", "--max-len-ratio", "2"),
        ("--max-len", "5", "--max-len-add", "3")]]
    return cases


CASES = [option_cases, data_cases, model_cases, attention_cases]
