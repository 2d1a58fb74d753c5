"""Checkpoints corrupted in every field (length prefix, header JSON, metadata, tensors, data), models of
the wrong kind, absurd configurations, and time-series models given data of other columns. Header edits
never recompute a checksum: a changed header must be rejected by the reader."""

import json
import os
import struct

from e2e_lib import (Case, both, copy_fixture, corrupt, drop_tensor, edit_meta_json, flip_data_bit, read_st,
                     set_config, write_st)

M = "{d}/model.safetensors"


def sample(extra=()):
    return ["sample", "--model", M, "--length", "5", "--seed", "1"] + list(extra)


TRANSLATE = ["translate", "--model", M]
FORECAST = ["forecast", "--model", M]
EVAL_LM = ["eval", "--model", M, "--text", "{fx}/text.txt"]
SUMMARY = ["summary", "--model", M]


def meta(key, value):
    def edit(h):
        if value is None:
            h["__metadata__"].pop(key, None)
        else:
            h["__metadata__"][key] = value
    return edit


def tensor(name, **changes):
    return lambda h: h[name].update(changes)


def length_prefix(n):
    def edit(raw):
        raw[:8] = struct.pack("<Q", n)
        return raw
    return edit


def header_length_plus(k):
    def edit(raw):
        n = struct.unpack("<Q", bytes(raw[:8]))[0]
        raw[:8] = struct.pack("<Q", n + k)
        return raw
    return edit


def truncate_to(fraction=None, keep=None, header_only=False):
    def edit(raw):
        if header_only:
            return raw[:8 + struct.unpack("<Q", bytes(raw[:8]))[0]]
        return raw[:keep if keep is not None else int(len(raw) * fraction)]
    return edit


def flip_header_bit(pattern: bytes, skip=0):
    """Flips the lowest bit of the header byte `skip` bytes after the first occurrence of pattern (JSON
    inside a metadata value is escaped: search for b'hidden\\":'), keeping the length: a bit rotted on disk."""
    def edit(raw):
        n = struct.unpack("<Q", bytes(raw[:8]))[0]
        at = bytes(raw[8:8 + n]).index(pattern) + len(pattern) + skip
        raw[8 + at] ^= 0x01
        return raw
    return edit


def vocab_token(key, old, new):
    def edit(v):
        v["tokens"][v["tokens"].index(old)] = new
    return edit_meta_json(key, edit)


def source_path(path_of):
    """Points a CSV-trained model's stored data path elsewhere: path_of(d) gives the new path."""
    def setup(d, fx):
        p = os.path.join(d, "model.safetensors")
        h, data = read_st(os.path.join(fx, "tscsv", "model.safetensors"))
        c = json.loads(h["__metadata__"]["config"])
        c["source"]["csv"] = path_of(d)
        h["__metadata__"]["config"] = json.dumps(c, separators=(",", ":"))
        write_st(p, h, data)
    return setup


def checkpoint_cases(fx):
    lm = lambda **kw: corrupt(fx, "lm", **kw)
    cases = [
        # Bytes: length prefix, truncation, tail.
        Case("sample: checkpoint truncated to half", sample(), 1, r"model\.safetensors", setup=lm(raw=truncate_to(0.5))),
        Case("sample: checkpoint truncated to 5 bytes", sample(), 1, r"model\.safetensors", setup=lm(raw=truncate_to(keep=5))),
        Case("sample: checkpoint truncated after the header", sample(), 1, r"model\.safetensors",
             setup=lm(raw=truncate_to(header_only=True))),
        Case("sample: header length 2^64-1", sample(), 1, r"model\.safetensors", setup=lm(raw=length_prefix(2**64 - 1))),
        Case("sample: header length 0", sample(), 1, r"model\.safetensors", setup=lm(raw=length_prefix(0))),
        Case("sample: header length past the JSON", sample(), 1, r"model\.safetensors", setup=lm(raw=header_length_plus(7))),
        Case("sample: header JSON with a NUL byte", sample(), 1, r"model\.safetensors",
             setup=lm(raw=lambda r: r[:20] + b"\x00" + r[21:])),
        Case("sample: bytes appended after the data", sample(), 1, r"model\.safetensors", setup=lm(raw=lambda r: r + b"\0" * 16)),
        # Data section.
        Case("sample: a flipped bit in the data", sample(), 1, r"model\.safetensors", setup=lm(raw=flip_data_bit)),
        Case("eval: a flipped bit in the data", EVAL_LM, 1, r"model\.safetensors", setup=lm(raw=flip_data_bit)),
        Case("translate: a flipped bit in the data", TRANSLATE, 1, r"model\.safetensors",
             setup=corrupt(fx, "s2s", raw=flip_data_bit), stdin=b"Go.\n"),
        Case("forecast: a flipped bit in the data", FORECAST, 1, r"model\.safetensors",
             setup=corrupt(fx, "ts", raw=flip_data_bit)),
        Case("train-lm --resume: a flipped bit in last.safetensors",
             ["train-lm", "--text", "{fx}/text.txt", "--out", "{d}/run", "--resume", "--quiet"], 1, r"last\.safetensors",
             setup=lambda d: (copy_run_into(fx, "lm", d), flip_file_bit(os.path.join(d, "run", "last.safetensors")))),
        # Header JSON: values that change outputs. No checksum is recomputed.
        Case("sample: a vocabulary token edited in the header", sample(), 1, r"model\.safetensors",
             setup=lm(header=vocab_token("vocab", "e", "\u00eb"))),
        Case("eval: a vocabulary token edited in the header", EVAL_LM, 1, r"model\.safetensors",
             setup=lm(header=vocab_token("vocab", "t", "T\u0301"))),
        Case("translate: a target token edited in the header", TRANSLATE, 1, r"model\.safetensors",
             setup=corrupt(fx, "s2s", header=vocab_token("target_vocab", "e", "E")), stdin=b"Go.\n"),
        Case("forecast: the scaler's offset edited", FORECAST, 1, r"model\.safetensors",
             setup=corrupt(fx, "ts", header=edit_meta_json("scaler", lambda s: s["columns"][0].update(offset=0.25)))),
        Case("forecast: the scaler's scale edited", FORECAST, 1, r"model\.safetensors",
             setup=corrupt(fx, "ts", header=edit_meta_json("scaler", lambda s: s["columns"][0].update(scale=2.0)))),
        Case("forecast: config val_frac edited", FORECAST, 1, r"model\.safetensors",
             setup=corrupt(fx, "ts", header=set_config(val_frac=0.5))),
        Case("sample: config dropout edited", sample(), 1, r"model\.safetensors", setup=lm(header=set_config(dropout=0.5))),
        Case("summary --model: config hidden edited", SUMMARY, 1, r"model\.safetensors|hidden",
             setup=lm(header=set_config(hidden=9))),
        Case("sample: train_state edited", sample(), 1, r"model\.safetensors",
             setup=lm(header=edit_meta_json("train_state", lambda t: t.update(epoch=7)))),
        # Single flipped bits in the header bytes (no re-serialisation at all).
        Case("sample: a flipped bit in config hidden", sample(), 1, r"model\.safetensors",
             setup=lm(raw=flip_header_bit(b'hidden\\":'))),
        Case("sample: a flipped bit in a vocabulary token", sample(), 1, r"model\.safetensors",
             setup=lm(raw=flip_header_bit(b'\\" \\",\\"'))),  # the token after ' ': e becomes d
        Case("forecast: a flipped bit in the scaler's scale", FORECAST, 1, r"model\.safetensors",
             setup=corrupt(fx, "ts", raw=flip_header_bit(b'scale\\":0.'))),
        Case("forecast: a flipped bit in a tensor's shape", FORECAST, 1, r"model\.safetensors",
             setup=corrupt(fx, "ts", raw=flip_header_bit(b'"head.weight":{"dtype":"F32","shape":['))),
        Case("train-lm --resume: a flipped bit in last.safetensors' train_state",
             ["train-lm", "--text", "{fx}/text.txt", "--out", "{d}/run", "--resume", "--quiet"], 1, r"last\.safetensors",
             setup=lambda d: (copy_run_into(fx, "lm", d),
                              edit_file(os.path.join(d, "run", "last.safetensors"), flip_header_bit(b'epoch\\":')))),
        # Format fields.
        Case("sample: no header_crc32", sample(), 1, r"model\.safetensors|header_crc32",
             setup=lm(header=meta("header_crc32", None))),
        Case("sample: header_crc32 not hex", sample(), 1, r"model\.safetensors|header_crc32",
             setup=lm(header=meta("header_crc32", "xyz"))),
        Case("sample: format_version 1 without header_crc32", sample(), 1, r"model\.safetensors|format_version",
             setup=lm(header=lambda h: (meta("header_crc32", None)(h), meta("format_version", "1")(h)))),
        Case("sample: wrong format", sample(), 1, r"format|model\.safetensors", setup=lm(header=meta("format", "lstmkit-checkpoinx"))),
        Case("sample: no format", sample(), 1, r"format|model\.safetensors", setup=lm(header=meta("format", None))),
        Case("sample: format_version 999", sample(), 1, r"format_version|newer|model\.safetensors", setup=lm(header=meta("format_version", "999"))),
        Case("sample: format_version not a number", sample(), 1, r"format_version|model\.safetensors", setup=lm(header=meta("format_version", "1x"))),
        Case("sample: no data_crc32", sample(), 1, r"model\.safetensors|crc", setup=lm(header=meta("data_crc32", None))),
        Case("sample: data_crc32 not hex", sample(), 1, r"data_crc32|model\.safetensors", setup=lm(header=meta("data_crc32", "zzzzzzzz"))),
        Case("sample: data_crc32 of other data", sample(), 1, r"model\.safetensors", setup=lm(header=meta("data_crc32", "00000000"))),
        Case("sample: no __metadata__", sample(), 1, r"model\.safetensors", setup=lm(header=lambda h: h.pop("__metadata__"))),
        Case("sample: config not JSON", sample(), 1, r"model\.safetensors|config", setup=lm(header=meta("config", "{oops"))),
        Case("sample: a metadata value that is not a string", sample(), 1, r"model\.safetensors",
             setup=lm(header=lambda h: h["__metadata__"].update(config={"cell": "lstm"}))),
        Case("sample: vocabulary tokens not a list", sample(), 1, r"model\.safetensors|vocab",
             setup=lm(header=edit_meta_json("vocab", lambda v: v.update(tokens="abc")))),
        Case("sample: duplicate vocabulary tokens", sample(), 1, r"model\.safetensors|vocab",
             setup=lm(header=vocab_token("vocab", "e", "t"))),
        Case("sample: vocabulary without its specials", sample(), 1, r"model\.safetensors|vocab",
             setup=lm(header=vocab_token("vocab", "<pad>", "P"))),
        # Absurd configurations: refused before anything is allocated.
        Case("sample: config layers 1000000", sample(), 1, r"layers|model\.safetensors", setup=lm(header=set_config(layers=1000000))),
        Case("sample: config hidden 5000", sample(), 1, r"hidden|shape|model\.safetensors", setup=lm(header=set_config(hidden=5000))),
        Case("summary --model: config layers 1000000", SUMMARY, 1, r"layers|model\.safetensors",
             setup=lm(header=set_config(layers=1000000))),
        Case("translate: config layers 1000000", TRANSLATE, 1, r"layers|model\.safetensors",
             setup=corrupt(fx, "s2s", header=set_config(layers=1000000)), stdin=b"Go.\n"),
        Case("forecast: config hidden 5000", FORECAST, 1, r"hidden|shape|model\.safetensors",
             setup=corrupt(fx, "ts", header=set_config(hidden=5000))),
        Case("forecast: config window 2000000000", FORECAST, 1, r"window|model\.safetensors",
             setup=corrupt(fx, "ts", header=set_config(window=2000000000))),
        Case("sample: config vocab_size 100000000", sample(), 1, r"vocab|model\.safetensors",
             setup=lm(header=set_config(vocab_size=100000000))),
        Case("sample: config layers -1", sample(), 1, r"layers|model\.safetensors", setup=lm(header=set_config(layers=-1))),
        Case("sample: unknown cell in the config", sample(), 1, r"cell|model\.safetensors", setup=lm(header=set_config(cell="xyz"))),
        Case("forecast: unknown cell in the config", FORECAST, 1, r"cell|model\.safetensors",
             setup=corrupt(fx, "ts", header=set_config(cell="lstn"))),
        Case("sample: cell gru on LSTM tensors", sample(), 1, r"model\.safetensors", setup=lm(header=set_config(cell="gru"))),
        # Tensors.
        Case("sample: tensor head.bias missing", sample(), 1, r"head\.bias|model\.safetensors",
             setup=lm(whole=drop_tensor("head.bias"))),
        Case("forecast: tensor rnn.weight_hh_l0 missing", FORECAST, 1, r"weight_hh_l0|model\.safetensors",
             setup=corrupt(fx, "ts", whole=drop_tensor("rnn.weight_hh_l0"))),
        Case("sample: tensor head.weight transposed", sample(), 1, r"head\.weight|model\.safetensors",
             setup=lm(header=tensor("head.weight", shape=[8, 56]))),
        Case("translate: tensor decoder weight mis-shaped", TRANSLATE, 1, r"decoder\.rnn\.weight_hh_l0|model\.safetensors",
             setup=corrupt(fx, "s2s", header=tensor("decoder.rnn.weight_hh_l0", shape=[16, 16])), stdin=b"Go.\n"),
        Case("sample: tensor renamed", sample(), 1, r"head\.bias|model\.safetensors",
             setup=lm(header=lambda h: h.__setitem__("head.biax", h.pop("head.bias")))),
        Case("sample: tensor dtype F64", sample(), 1, r"head\.bias|F64|model\.safetensors", setup=lm(header=tensor("head.bias", dtype="F64"))),
        Case("sample: tensor data_offsets overlapping", sample(), 1, r"model\.safetensors",
             setup=lm(header=lambda h: h["head.bias"].update(data_offsets=[0, h["head.bias"]["data_offsets"][1] -
                                                                              h["head.bias"]["data_offsets"][0]]))),
        # Wrong kind for the command.
        Case("sample: an s2s model", ["sample", "--model", "{fx}/s2s/model.safetensors"], 1, r"'s2s'"),
        Case("sample: a ts model", ["sample", "--model", "{fx}/ts/model.safetensors"], 1, r"'ts'"),
        Case("translate: a language model", ["translate", "--model", "{fx}/lm/model.safetensors"], 1, r"'lm'",
             stdin=b"Go.\n"),
        Case("forecast: a language model", FORECAST, 1, r"'lm'", setup=copy_fixture(fx, "lm")),
        Case("eval: a ts model", ["eval", "--model", "{fx}/ts/model.safetensors", "--text", "{fx}/text.txt"], 1, r"'ts'"),
        Case("eval --pairs: a language model", ["eval", "--model", "{fx}/lm/model.safetensors", "--pairs", "{fx}/pairs.tsv"],
             2, r"--text|--pairs"),
        Case("sample: kind edited to banana", sample(), 1, r"model\.safetensors|banana", setup=lm(header=meta("kind", "banana"))),
        Case("train-lm --resume: last.safetensors is an s2s model",
             ["train-lm", "--text", "{fx}/text.txt", "--out", "{d}/run", "--resume", "--quiet"], 1, r"last\.safetensors",
             setup=lambda d: (copy_run_into(fx, "lm", d), copy_over(fx + "/s2s/last.safetensors", d + "/run/last.safetensors"))),
    ]
    return cases


def ts_data_cases(fx):
    secret = "TOPSECRET_FIRST_LINE,42"

    def plant_secret(d):
        open(os.path.join(d, "secret.csv"), "w").write(secret + "\n1,2\n")
    return [
        Case("forecast: adding model on --synthetic cumsum", FORECAST + ["--synthetic", "cumsum", "--length", "10",
                                                                         "--sequences", "50"], 1, r"cumsum|feature|column",
             setup=copy_fixture(fx, "add")),
        Case("forecast: cumsum model on --synthetic adding", FORECAST + ["--synthetic", "adding", "--length", "10",
                                                                         "--sequences", "50"], 1, r"adding|feature|column",
             setup=copy_fixture(fx, "cumsum")),
        Case("forecast: adding model on --synthetic sine", FORECAST + ["--synthetic", "sine"], 1,
             r"sine|feature|column|sequence", setup=copy_fixture(fx, "add")),
        Case("forecast: sine model on --synthetic adding", FORECAST + ["--synthetic", "adding", "--length", "10",
                                                                       "--sequences", "50"], 1,
             r"adding|feature|column|sequence", setup=copy_fixture(fx, "ts")),
        Case("forecast: CSV model on --synthetic sine", FORECAST + ["--synthetic", "sine"], 1, r"sine|feature|column|'a'",
             setup=copy_fixture(fx, "tscsv")),
        Case("forecast: stored CSV path edited to /etc/passwd", FORECAST, 1, r"model\.safetensors|--csv",
             setup=lambda d: source_path(lambda d: "/etc/passwd")(d, fx), not_in=["root:"]),
        Case("forecast: stored CSV path edited to another file", FORECAST, 1, r"model\.safetensors|--csv",
             setup=lambda d: (plant_secret(d), source_path(lambda d: os.path.join(d, "secret.csv"))(d, fx)),
             not_in=["TOPSECRET"]),
    ]


def copy_run_into(fx, kind, d):
    import shutil
    shutil.copytree(os.path.join(fx, kind), os.path.join(d, "run"))


def copy_over(src, dst):
    import shutil
    shutil.copyfile(src, dst)


def edit_file(path, fn):
    raw = bytearray(open(path, "rb").read())
    open(path, "wb").write(bytes(fn(raw)))


def flip_file_bit(path):
    raw = bytearray(open(path, "rb").read())
    open(path, "wb").write(bytes(flip_data_bit(raw)))


CASES = [checkpoint_cases, ts_data_cases]
