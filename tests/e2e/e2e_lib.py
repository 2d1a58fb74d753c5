"""Shared machinery of the bad-input matrix (tests/e2e/bad_input.py): the Case record, the fixtures
trained once per run by the real binary, checkpoint corruption helpers and the runner that checks each
case's exit code, error line, files and time.

Python 3 standard library only."""

import concurrent.futures
import dataclasses
import hashlib
import json
import math
import os
import re
import resource
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time
from typing import Callable, List, Optional, Sequence, Union

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
TIMEOUT = 10.0          # seconds per case: longer is reported as a hang (every case takes < 2 s when right)
MEMORY_LIMIT = 4 << 30  # address space of the suite and every binary it runs: a runaway reader fails, not the machine
NOBODY = 65534          # unreadable/unwritable paths mean nothing to root: such cases run as nobody

Arg = Union[str, bytes]


@dataclasses.dataclass
class Case:
    """One bad input. argv strings may name {d} (the case's own directory, hashed before and after)
    and {fx} (the fixtures, read-only). setup(d) prepares the directory before the hashes are taken."""
    name: str
    argv: Sequence[Arg]
    exit: int                                  # 1 bad input, 2 usage error (DESIGN.md)
    sub: Optional[str] = None                  # regex the error line must contain (the culprit)
    setup: Optional[Callable[[str], None]] = None
    stdin: Union[None, bytes, str] = None      # bytes to feed, or a path ('/dev/full'); default /dev/null
    stdout: Optional[str] = None               # a path for stdout ('/dev/full'); default a pipe
    upfront: bool = False                      # refused before any work: one stderr line, empty stdout
    as_nobody: bool = False                    # run as uid 65534 when we are root (permission cases)
    not_in: Sequence[str] = ()                 # text that must appear in neither stdout nor stderr
    fsize: Optional[int] = None                # a full disk: files may not grow past this many bytes (prlimit)
    timeout: float = TIMEOUT


# ---------------------------------------------------------------------------------------------------
# Checkpoints: 8-byte little-endian header length N, N bytes of JSON, then the data section.

def read_st(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    return json.loads(raw[8:8 + n].decode("utf-8")), raw[8 + n:]


def write_st(path, header, data):
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def edit_header(path, fn):
    """fn(header) edits the parsed header in place; the file is written back with the new header and the
    old data. No checksum is recomputed: a changed header must be caught by the reader."""
    header, data = read_st(path)
    fn(header)
    write_st(path, header, data)


def edit_meta_json(key, fn):
    """An edit of one JSON-valued metadata entry (config, vocab, scaler...): fn(value) edits in place."""
    def edit(header):
        value = json.loads(header["__metadata__"][key])
        fn(value)
        header["__metadata__"][key] = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return edit


def set_config(**changes):
    return edit_meta_json("config", lambda c: c.update(changes))


def edit_bytes(path, fn):
    raw = bytearray(open(path, "rb").read())
    raw = fn(raw)
    open(path, "wb").write(bytes(raw))


def flip_data_bit(raw):
    n = struct.unpack("<Q", bytes(raw[:8]))[0]
    at = 8 + n + (len(raw) - 8 - n) // 2
    raw[at] ^= 0x10
    return raw


def drop_tensor(name):
    """Removes a tensor's entry and its bytes (later offsets shifted), so the file is well-formed but the
    tensor is missing."""
    def edit(header_data):
        header, data = header_data
        begin, end = header[name]["data_offsets"]
        del header[name]
        for k, v in header.items():
            if k != "__metadata__" and v["data_offsets"][0] >= end:
                v["data_offsets"] = [v["data_offsets"][0] - (end - begin), v["data_offsets"][1] - (end - begin)]
        return header, data[:begin] + data[end:]
    return edit


# Set-up helpers: each returns a callable taking the case directory.

def copy_fixture(fx, kind, name="model.safetensors", to="model.safetensors"):
    def setup(d):
        shutil.copyfile(os.path.join(fx, kind, name), os.path.join(d, to))
    return setup


def corrupt(fx, kind, header=None, raw=None, whole=None, name="model.safetensors"):
    """Copies fixture `kind`'s checkpoint into the case directory as model.safetensors and corrupts it:
    header(header) edits the JSON header, raw(bytearray) -> bytearray edits the bytes,
    whole((header, data)) -> (header, data) rewrites both."""
    def setup(d):
        path = os.path.join(d, "model.safetensors")
        shutil.copyfile(os.path.join(fx, kind, name), path)
        if header:
            edit_header(path, header)
        if whole:
            h, data = read_st(path)
            h, data = whole((h, data))
            write_st(path, h, data)
        if raw:
            edit_bytes(path, raw)
    return setup


def copy_run(fx, kind):
    """Copies a whole fixture run directory (model, last, log.csv...) to {d}/run."""
    def setup(d):
        shutil.copytree(os.path.join(fx, kind), os.path.join(d, "run"))
    return setup


def write_file(name, content: Union[str, bytes], mode=None):
    def setup(d):
        path = os.path.join(d, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content.encode("utf-8") if isinstance(content, str) else content)
        if mode is not None:
            os.chmod(path, mode)
    return setup


def make_fifo(name="fifo"):
    return lambda d: os.mkfifo(os.path.join(d, name))


def make_dir(name="adir", mode=None):
    def setup(d):
        os.makedirs(os.path.join(d, name))
        if mode is not None:
            os.chmod(os.path.join(d, name), mode)
    return setup


def both(*setups):
    def setup(d):
        for s in setups:
            if s:
                s(d)
    return setup


# A binary file's first bytes: an ELF magic, NULs, an escape sequence, a bell, DEL and invalid UTF-8.
BINARY = (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00\x00\x00"
          b"\x1b[31mRED\x1b[0m\x07\x08\r\x0b\x0c\xff\xfe\x80\x00\x01\x02" * 40)
INVALID_UTF8 = b"First line is fine.\nThe second has a stray byte \xc3\x28 and a lone \xff here.\n" * 20


# ---------------------------------------------------------------------------------------------------
# Fixtures, made once per run by the real binary.

PAIRS = [("Go.", "Va !"), ("Run!", "Cours !"), ("Hi.", "Salut !"), ("I am cold.", "J'ai froid."),
         ("I won.", "J'ai gagné."), ("Help!", "À l'aide !"), ("Stop!", "Arrête !"), ("Wait!", "Attends !"),
         ("Hello!", "Bonjour !"), ("I see.", "Je comprends."), ("Thanks.", "Merci."), ("We won.", "Nous gagnâmes."),
         ("Come in.", "Entre."), ("Be nice.", "Sois gentil."), ("Get out!", "Dégage !"), ("Go away.", "Va-t'en.")]


def series_csv(rows=240):
    lines = ["t,a,b"]
    for i in range(rows):
        lines.append("%d,%.6f,%.6f" % (i, math.sin(i * 0.2), math.cos(i * 0.2)))
    return "\n".join(lines) + "\n"


def make_fixtures(binary, fx, env):
    text = open(os.path.join(SOURCE_DIR, "data", "shakespeare-excerpt.txt"), "rb").read()[:4000]
    open(os.path.join(fx, "text.txt"), "wb").write(text)
    open(os.path.join(fx, "other.txt"), "wb").write(text[::-1].decode("utf-8", "ignore").encode("utf-8"))
    with open(os.path.join(fx, "pairs.tsv"), "w", encoding="utf-8") as f:
        for i in range(6):
            for s, t in PAIRS:
                f.write("%s\t%s\n" % (s if i == 0 else s + " " * i, t))
    open(os.path.join(fx, "series.csv"), "w").write(series_csv())
    open(os.path.join(fx, "stores.csv"), "w").write(
        "store,sales\n" + "".join("%s,%.6f\n" % (s, 100 + i % 7 + math.sin(i)) for s in "ab" for i in range(40)))
    small = ["--epochs", "1", "--hidden", "8", "--layers", "1", "--quiet"]
    runs = {
        "lm": ["train-lm", "--text", fx + "/text.txt", "--seq-len", "8", "--batch", "2"] + small,
        "s2s": ["train-s2s", "--pairs", fx + "/pairs.tsv", "--batch", "8"] + small,
        "s2sbpe": ["train-s2s", "--pairs", fx + "/pairs.tsv", "--batch", "8", "--unit", "bpe", "--vocab-size", "60"]
        + small,
        "ts": ["train-ts", "--synthetic", "sine", "--length", "300", "--window", "10", "--batch", "32"] + small,
        "add": ["train-ts", "--synthetic", "adding", "--length", "10", "--sequences", "100", "--batch", "32"] + small,
        "cumsum": ["train-ts", "--synthetic", "cumsum", "--length", "10", "--sequences", "100", "--batch", "32"] + small,
        "tscsv": ["train-ts", "--csv", fx + "/series.csv", "--target", "b", "--features", "a,b", "--window", "10",
                  "--batch", "32"] + small,
        "stores": ["train-ts", "--csv", fx + "/stores.csv", "--target", "sales", "--series-column", "store",
                   "--window", "5", "--batch", "16"] + small,
    }
    for kind, argv in runs.items():
        p = subprocess.run([binary] + argv + ["--out", os.path.join(fx, kind)], env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=120)
        if p.returncode != 0:
            sys.exit("fixture %s: `lstmkit %s` exited %d: %s" % (kind, " ".join(argv), p.returncode,
                                                                 p.stderr.decode(errors="replace")))


# ---------------------------------------------------------------------------------------------------
# Running and checking one case.

def snapshot(root):
    """Every entry below root: regular files by content hash, others by type (a FIFO is never opened)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode):
                try:
                    with open(path, "rb") as f:
                        out[rel] = "file " + hashlib.sha256(f.read()).hexdigest()
                except OSError as e:
                    out[rel] = "unreadable " + str(e.errno)
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = "dir"
            else:
                out[rel] = "special %o" % stat.S_IFMT(st.st_mode)
    return out


ERROR_PREFIX = "lstmkit: error: "
TIMES = {}


def check_error_line(line):
    """Why the line is not `lstmkit: error: <where>: <what>; <what to do>`, or None."""
    if not line.startswith(ERROR_PREFIX):
        return "last stderr line is not an error line: %r" % line[:300]
    bad = [c for c in line if ord(c) < 0x20 or 0x7f <= ord(c) < 0xa0 or c == "\ufffd"]
    if bad:
        return "error line has unprintable characters %r: %r" % ("".join(bad)[:10], line[:300])
    rest = line[len(ERROR_PREFIX):]
    where, sep, tail = rest.partition(": ")
    if not sep or not where.strip():
        return "error line has no '<where>: ': %r" % line[:300]
    what, sep, hint = tail.partition("; ")
    if not sep or not what.strip() or not hint.strip():
        return "error line has no '<what>; <what to do>': %r" % line[:300]
    return None


def fmt(arg, d, fx):
    return arg.format(d=d, fx=fx) if isinstance(arg, str) else arg


def remove_tree(root):
    """Removes `root`, first making writable the directories a case made read-only."""
    for dirpath, dirnames, _ in os.walk(root):
        for name in dirnames:
            try:
                os.chmod(os.path.join(dirpath, name), 0o755)
            except OSError:
                pass
    shutil.rmtree(root, ignore_errors=True)


def run_case(case, binary, fx, base, env):
    d = tempfile.mkdtemp(prefix="case-", dir=base)
    # Cases run as nobody may create --out inside their directory (and must be stopped elsewhere).
    os.chmod(d, 0o777 if case.as_nobody else 0o755)
    try:
        return _run_case(case, binary, fx, d, env)
    except Exception as e:  # a broken set-up is a failure of this case, not of the suite
        return "set-up or runner error: %s: %s" % (type(e).__name__, e)
    finally:
        remove_tree(d)


def _run_case(case, binary, fx, d, env):
    if case.setup:
        case.setup(d)
    before = snapshot(d)
    argv = [binary] + [fmt(a, d, fx) for a in case.argv]

    stdin_data, stdin_file, stdout_file = None, subprocess.DEVNULL, subprocess.PIPE
    if isinstance(case.stdin, bytes):
        stdin_data, stdin_file = case.stdin, subprocess.PIPE
    elif isinstance(case.stdin, str):
        stdin_file = open(fmt(case.stdin, d, fx), "rb")
    if case.stdout:
        stdout_file = open(case.stdout, "wb")
    extra = {}
    if case.as_nobody and os.geteuid() == 0:
        extra = dict(user=NOBODY, group=NOBODY, extra_groups=[])

    if case.fsize:
        # Python ignores SIGXFSZ; with restore_signals off the binary does too, so a write past the limit
        # fails with EFBIG as on a full disk instead of killing the process.
        if not shutil.which("prlimit"):
            return "prlimit (util-linux) is needed to simulate a full disk"
        argv = ["prlimit", "--fsize=%d" % case.fsize, "--"] + argv
        extra["restore_signals"] = False
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=stdin_file, stdout=stdout_file, stderr=subprocess.PIPE, env=env, cwd=d,
                            start_new_session=True, **extra)
    try:
        out, err = proc.communicate(stdin_data, timeout=case.timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return "hang: still running after %.0f s (killed)" % case.timeout
    finally:
        for f in (stdin_file, stdout_file):
            if hasattr(f, "close"):
                f.close()
    elapsed = time.monotonic() - start
    out = out or b""
    err_text = err.decode("utf-8", errors="replace")
    lines = [l for l in err_text.split("\n") if l != ""]
    last = lines[-1] if lines else ""

    problems = []
    rc = proc.returncode
    if rc < 0:
        problems.append("killed by signal %s" % signal.Signals(-rc).name)
    elif rc != case.exit:
        problems.append("exit %d, want %d" % (rc, case.exit))
    why = check_error_line(last) if lines else "nothing on stderr"
    if why:
        problems.append(why)
    elif case.sub and not re.search(case.sub, last):
        problems.append("error line lacks /%s/" % case.sub)
    if case.upfront:
        if len(lines) > 1:
            problems.append("%d stderr lines before the error (want it first): %r" % (len(lines) - 1, lines[0][:200]))
        if out:
            problems.append("stdout not empty: %r" % out[:100])
    for text in case.not_in:
        if text in err_text or text.encode() in out:
            problems.append("output shows %r" % text)

    after = snapshot(d)
    changed = sorted(k for k in before if k in after and before[k] != after[k])
    removed = sorted(k for k in before if k not in after)
    added = sorted(k for k in after if k not in before)
    if changed:
        problems.append("changed: " + ", ".join(changed))
    if removed:
        problems.append("removed: " + ", ".join(removed))
    if added:
        problems.append("left behind: " + ", ".join(added))
    TIMES[case.name] = elapsed
    if problems:
        tail = " | stderr: " + (" / ".join(lines[-3:])[:400] if lines else "(empty)")
        return "; ".join(problems) + tail
    return None


def main(case_lists, argv):
    if len(argv) < 2:
        sys.exit("usage: python3 %s path/to/lstmkit [NAME-REGEX]" % argv[0])
    binary = os.path.abspath(argv[1])
    if not os.access(binary, os.X_OK):
        sys.exit("%s: not an executable file; build it first (cmake --build BUILD --target lstmkit_cli)" % binary)
    only = re.compile(argv[2]) if len(argv) > 2 else None
    env = dict(os.environ, OMP_NUM_THREADS="1")
    # AddressSanitizer reserves terabytes of shadow address space: an instrumented binary (tools/ci/sanitize.sh)
    # runs without the cap, and ASan itself reports what would have run away.
    with open(binary, "rb") as f:
        instrumented = b"__asan_init" in f.read()
    if not instrumented:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))  # inherited by every case
    base = tempfile.mkdtemp(prefix="lstmkit-e2e-")
    os.chmod(base, 0o755)
    fx = os.path.join(base, "fixtures")
    os.mkdir(fx)
    start = time.monotonic()
    try:
        make_fixtures(binary, fx, env)
        for dirpath, dirnames, filenames in os.walk(fx):
            for name in dirnames:
                os.chmod(os.path.join(dirpath, name), 0o755)
        fixtures_before = snapshot(fx)
        cases = [c for make in case_lists for c in make(fx)]
        names = [c.name for c in cases]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            sys.exit("duplicate case names: %s" % ", ".join(sorted(dupes)))
        if only:
            cases = [c for c in cases if only.search(c.name)]
        print("fixtures made in %.1f s; %d cases" % (time.monotonic() - start, len(cases)), flush=True)
        failed = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            results = pool.map(lambda c: run_case(c, binary, fx, base, env), cases)
            for case, why in zip(cases, results):
                if why:
                    failed += 1
                    print("FAIL %s: %s" % (case.name, why), flush=True)
                else:
                    print("ok   %s" % case.name, flush=True)
        passed = len(cases) - failed
        fixtures_after = snapshot(fx)
        changed = sorted(k for k in set(fixtures_before) | set(fixtures_after)
                         if fixtures_before.get(k) != fixtures_after.get(k))
        if changed:
            failed += 1
            print("FAIL the shared fixtures stay unchanged: %s" % ", ".join(changed))
        else:
            passed += 1
            print("ok   the shared fixtures stay unchanged")
        slow = sorted(TIMES.items(), key=lambda kv: -kv[1])[:5]
        print("matrix took %.1f s; slowest cases: %s" % (time.monotonic() - start,
              ", ".join("%s %.1f s" % kv for kv in slow)), file=sys.stderr)
        print("%d passed, %d failed" % (passed, failed))
        return 1 if failed else 0
    finally:
        remove_tree(base)
