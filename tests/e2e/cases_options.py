"""Nonsense option values (negative, zero, huge, NaN), unknown options, --out that cannot be used, an
existing model without --force, --resume with conflicting options, and results written to a full disk.
Option mistakes are refused up front: exit 2, one stderr line, nothing on stdout, nothing created."""

from e2e_lib import Case, both, copy_fixture, copy_run, make_dir, write_file

TRAIN = {
    "train-lm": [("--text", "{fx}/text.txt"), ("--seq-len", "8"), ("--batch", "2"), ("--epochs", "1"), ("--hidden", "8"),
                 ("--layers", "1")],
    "train-s2s": [("--pairs", "{fx}/pairs.tsv"), ("--batch", "8"), ("--epochs", "1"), ("--hidden", "8")],
    "train-ts": [("--synthetic", "sine"), ("--length", "300"), ("--window", "10"), ("--batch", "32"), ("--epochs", "1"),
                 ("--hidden", "4")],
}


def train(command, *overrides, out="{d}/run"):
    """A small, quick training run of `command` with some options replaced (an option given as
    "--name=value" replaces --name too)."""
    given = [o.split("=")[0] for o in overrides if o.startswith("--")]
    argv = [command]
    for name, value in TRAIN[command]:
        if name not in given:
            argv += [name, value]
    return argv + list(overrides) + ["--out", out]


def bad(command, *option, sub=None):
    name = option[0].split("=")[0]
    return Case("%s %s" % (command, " ".join(option)), train(command, *option), 2, sub or r"^lstmkit: error: " + name,
                upfront=True)


def training_option_cases(fx):
    common = [
        ("--hidden", "0"), ("--hidden", "-5"), ("--hidden", "2000000000"), ("--layers", "0"), ("--layers", "1000000"),
        ("--batch", "0"), ("--epochs", "0"), ("--lr", "nan"), ("--lr", "-1"), ("--clip", "nan"), ("--clip", "-1"),
        ("--eval-every", "-1"), ("--seed=-1",), ("--val-frac", "1"), ("--val-frac", "-0.1"), ("--dropout", "1"),
        ("--threads", "-1"),
    ]
    cases = [bad("train-lm", *o) for o in common]
    cases += [bad("train-lm", *o) for o in [
        ("--val-frac", "nan"), ("--patience", "-1"), ("--cell", "lstn"), ("--optimizer", "adamw"), ("--init", "zeros"),
        ("--lr-schedule", "cosine"), ("--seq-len", "0"), ("--seq-len", "2000000000"), ("--unit", "byte"),
        ("--normalize", "nfkd"), ("--max-vocab", "-1"), ("--min-count", "0"), ("--on-invalid", "ignore"),
        ("--epochs", "2000000000"), ("--beta1", "1.5"), ("--momentum", "nan"), ("--weight-decay", "-1")]]
    for command in ("train-s2s", "train-ts"):
        cases += [bad(command, *o) for o in [
            ("--hidden", "0"), ("--hidden", "2000000000"), ("--layers", "1000000"), ("--batch", "0"), ("--lr", "nan"),
            ("--clip", "nan"), ("--eval-every", "-1"), ("--seed=-1",), ("--val-frac", "1"), ("--val-frac", "-0.1")]]
    cases += [bad("train-s2s", *o) for o in [("--limit", "-1"), ("--max-len", "-1"), ("--unit", "byte")]]
    # Learned embeddings: --embed's range, tying only with --embed equal to --hidden (8 here), and no
    # --embed for a model without tokens. (train-s2s ties without --embed at --hidden's width.)
    for command in ("train-lm", "train-s2s"):
        cases += [bad(command, *o) for o in [
            ("--embed", "-1"), ("--embed", "100000"), ("--tie-embeddings", "--embed", "4")]]
        cases.append(bad(command, "--embed", "x", sub=r"^lstmkit: error: .*'--embed' is invalid"))
    cases.append(bad("train-lm", "--tie-embeddings"))
    cases.append(bad("train-ts", "--embed", "8", sub=r"^lstmkit: error: .*embed"))
    cases += [bad("train-ts", *o) for o in [
        ("--window", "0"), ("--window", "2000000000"), ("--horizon", "-1"), ("--length", "1"), ("--scale", "log"),
        ("--task", "cluster"), ("--noise", "nan"), ("--synthetic", "square"), ("--difference", "0"),
        ("--difference", "-1"), ("--difference", "2000000"), ("--detrend", "quadratic")]]
    cases.append(bad("train-ts", "--difference", "x", sub=r"^lstmkit: error: .*'--difference' is invalid"))
    cases += [bad("train-ts", *o) for o in [
        ("--output-steps", "0"), ("--output-steps", "-2"), ("--output-steps", "1000000"),
        ("--output-steps", "2", "--return-sequences")]]
    cases += [
        Case("train-ts --synthetic adding --sequences 0", train("train-ts", "--synthetic", "adding", "--sequences", "0",
                                                                "--window", "10"), 2, r"--sequences|--window",
             upfront=True),
        Case("train-ts --csv with --synthetic", train("train-ts", "--csv", "{fx}/series.csv"), 2, r"--csv|--synthetic",
             upfront=True),
        Case("train-lm --val-frac 0 --patience 2 (nothing to validate)", train("train-lm", "--val-frac", "0",
                                                                                "--patience", "2"), 2,
             r"--patience|--val-frac", upfront=True),
        Case("train-lm without --text", ["train-lm", "--out", "{d}/run"], 2, r"--text", upfront=True),
        Case("train-lm without --out", ["train-lm", "--text", "{fx}/text.txt"], 2, r"--out", upfront=True),
    ]
    return cases


def inference_option_cases(fx):
    lm = ["sample", "--model", "{fx}/lm/model.safetensors"]
    tr = ["translate", "--model", "{fx}/s2s/model.safetensors"]
    fc = ["forecast", "--model", "{d}/model.safetensors"]
    ts_model = copy_fixture(fx, "ts")
    ev = ["eval", "--model", "{fx}/lm/model.safetensors", "--text", "{fx}/text.txt"]
    ev2 = ["eval", "--model", "{fx}/s2s/model.safetensors", "--pairs", "{fx}/pairs.tsv"]
    up = lambda name, argv, sub, setup=None, stdin=None: Case(name, argv, 2, sub, setup=setup, stdin=stdin, upfront=True)
    cases = [up("sample %s" % " ".join(o), lm + list(o), r"^lstmkit: error: " + o[0].split("=")[0]) for o in [
        ("--length", "-1"), ("--length", "2000000000"), ("--temperature", "nan"), ("--temperature", "0"),
        ("--temperature", "-1"), ("--top-p", "2"), ("--top-p", "nan"), ("--top-k", "-1"), ("--count", "0"),
        ("--seed=-1",), ("--threads", "-1")]]
    cases += [up("translate %s" % " ".join(o), tr + list(o), r"^lstmkit: error: " + o[0], stdin=b"Go.\n") for o in [
        ("--max-len", "1000000000"), ("--max-len", "-1"), ("--beam", "0"), ("--beam", "100000"), ("--batch", "0"),
        ("--alpha", "nan"), ("--on-invalid", "skip")]]
    cases += [up("translate --n-best 3 with --beam 2", tr + ["--beam", "2", "--n-best", "3"], r"--n-best|--beam",
                 stdin=b"Go.\n")]
    cases += [up("forecast %s" % " ".join(o), fc + list(o), r"^lstmkit: error: " + o[0].split("=")[0], setup=ts_model)
              for o in [("--steps", "100000000"), ("--steps", "-1"), ("--batch", "0"), ("--season", "-1"),
                        ("--seed=-1",), ("--threads", "-1")]]
    cases += [up("eval %s" % " ".join(o), ev2 + list(o), r"^lstmkit: error: " + o[0]) for o in [
        ("--beam", "0"), ("--max-len", "1000000000"), ("--batch", "0")]]
    cases += [
        up("eval with both --text and --pairs", ev + ["--pairs", "{fx}/pairs.tsv"], r"--text|--pairs"),
        up("eval without --text or --pairs", ["eval", "--model", "{fx}/lm/model.safetensors"], r"--text|--pairs"),
        up("eval without --model", ["eval", "--text", "{fx}/text.txt"], r"--model"),
        up("sample without --model", ["sample"], r"--model"),
        up("sample --model without a value", ["sample", "--model"], r"--model"),
        up("translate without --model", ["translate"], r"--model", stdin=b"Go.\n"),
        up("forecast without --model", ["forecast"], r"--model"),
    ]
    cases += [up("summary %s" % " ".join(o), ["summary"] + list(o), r"^lstmkit: error: --(input|hidden|layers|cell|head)")
              for o in [("--input", "2000000000", "--hidden", "2000000000"), ("--input", "0"),
                        ("--input", "3", "--hidden", "-1"), ("--input", "3", "--layers", "1000000"),
                        ("--input", "3", "--cell", "lstn"), ("--input", "3", "--head", "-1")]]
    cases += [up("summary without --input or --model", ["summary"], r"--input|--model")]
    cases += [up("vocab %s" % " ".join(o), ["vocab", "--text", "{fx}/text.txt"] + list(o), r"^lstmkit: error: " + o[0])
              for o in [("--top", "-1"), ("--max-vocab", "-1"), ("--min-count", "0"), ("--unit", "byte"),
                        ("--on-invalid", "skip"), ("--normalize", "nfkd")]]
    cases += [
        up("vocab without --text", ["vocab"], r"--text"),
        up("vocab with an extra argument", ["vocab", "--text", "{fx}/text.txt", "extra"], r"vocab|extra"),
        up("sample with a misspelt option", lm + ["--lenght", "5"], r"--lenght"),
        up("a misspelt command", ["trian-lm", "--text", "{fx}/text.txt"], r"trian-lm"),
    ]
    return cases


def quality_option_cases(fx):
    """Label smoothing, warm-up and schedules, validation metrics, and eval --hypotheses (issue 13)."""
    cases = [bad(c, *o) for c in ("train-s2s", "train-lm") for o in [
        ("--label-smoothing", "1"), ("--label-smoothing", "-0.1"), ("--label-smoothing", "nan")]]
    cases += [bad(c, "--warmup", "-1") for c in ("train-lm", "train-s2s", "train-ts")]
    cases += [bad(c, "--lr-schedule", schedule, sub=r"^lstmkit: error: --warmup")
              for c in ("train-lm", "train-s2s") for schedule in ("inverse-sqrt", "noam")]
    cases += [bad("train-s2s", *o) for o in [
        ("--valid-metrics", "bleu,ter"), ("--valid-metrics", ""), ("--valid-metrics", "bleu,"), ("--best-by", "accuracy"),
        ("--valid-metrics", "bleu", "--val-frac", "0"), ("--best-by", "chrf", "--val-frac", "0")]]
    cases += [bad(c, *o, sub=r"unknown option '%s'" % o[0]) for c, o in [
        ("train-lm", ("--valid-metrics", "bleu")), ("train-ts", ("--label-smoothing", "0.1")),
        ("train-ts", ("--best-by", "bleu"))]]
    hyp = ["eval", "--hypotheses", "{d}/hyp.txt"]
    three = write_file("hyp.txt", "Va !\nSalut.\nCours !\n")
    cases += [
        Case("eval --hypotheses with --model", hyp + ["--pairs", "{fx}/pairs.tsv", "--model", "{fx}/s2s/model.safetensors"],
             2, r"--hypotheses|--model", setup=three, upfront=True),
        Case("eval --hypotheses without --pairs", hyp, 2, r"--hypotheses|--pairs", setup=three, upfront=True),
        Case("eval --hypotheses: fewer lines than sources", hyp + ["--pairs", "{fx}/pairs.tsv"], 1, r"hyp\.txt",
             setup=write_file("hyp.txt", "Va !\n")),
        Case("eval --hypotheses: a missing file", hyp + ["--pairs", "{fx}/pairs.tsv"], 1, r"hyp\.txt"),
        Case("eval --hypotheses: invalid UTF-8", hyp + ["--pairs", "{fx}/pairs.tsv"], 1, r"hyp\.txt",
             setup=write_file("hyp.txt", b"Va \xff!\n")),
    ]
    return cases


def output_cases(fx):
    ro = make_dir("ro", mode=0o555)
    afile = write_file("afile", "not a directory\n")
    cases = []
    for command in TRAIN:
        cases += [
            Case("%s --out a file" % command, train(command, out="{d}/afile"), 1, r"afile", setup=afile, upfront=True),
            Case("%s --out below a file" % command, train(command, out="{d}/afile/run"), 1, r"afile", setup=afile,
                 upfront=True),
            Case("%s --out in an unwritable directory" % command, train(command, out="{d}/ro/run"), 1, r"ro/run",
                 setup=ro, upfront=True, as_nobody=True),
            Case("%s --out holding a model, no --force" % command, train(command), 1, r"run.*(already|--force)",
                 setup=copy_run(fx, {"train-lm": "lm", "train-s2s": "s2s", "train-ts": "ts"}[command]), upfront=True),
        ]
    # '-' is stdout or stdin only where a stream fits; a directory or a run's data file cannot be one.
    cases += [
        Case("%s --out - (stdout is no directory)" % command, train(command, out="-"), 2,
             r"^lstmkit: error: --out: '-' \(stdout\)", upfront=True) for command in TRAIN]
    cases += [
        Case("forecast --out - (stdout is no directory)", ["forecast", "--model", "{d}/model.safetensors", "--out", "-"],
             2, r"^lstmkit: error: --out: '-' \(stdout\)", setup=copy_fixture(fx, "ts"), upfront=True),
        Case("train-lm --text - (a run's data must be a file)", train("train-lm", "--text", "-"), 2,
             r"^lstmkit: error: --text: .*stdin", stdin=b"some text\n", upfront=True),
        Case("sample --temp 0.5 (an abbreviation)", ["sample", "--model", "{d}/model.safetensors", "--temp", "0.5"], 2,
             r"^lstmkit: error: sample: unknown option '--temp'; did you mean '--temperature'", upfront=True),
    ]
    cases += [
        Case("train-lm --out /dev/full", train("train-lm", out="/dev/full"), 1, r"/dev/full", upfront=True),
        Case("forecast --out a file", ["forecast", "--model", "{d}/model.safetensors", "--out", "{d}/afile"], 1, r"afile",
             setup=both(copy_fixture(fx, "ts"), afile), upfront=True),
        Case("forecast --out in an unwritable directory", ["forecast", "--model", "{d}/model.safetensors", "--out",
                                                           "{d}/ro/out"], 1, r"ro/out",
             setup=both(copy_fixture(fx, "ts"), ro), upfront=True, as_nobody=True),
        Case("forecast into the unwritable model directory", ["forecast", "--model", "{d}/ro/model.safetensors"], 1,
             r"ro", setup=lambda d: (make_dir("ro")(d), copy_fixture(fx, "ts", to="ro/model.safetensors")(d),
                                     __import__("os").chmod(d + "/ro", 0o555)), upfront=True, as_nobody=True),
    ]
    # A full disk (files may not grow past a few KB) while a --force run or a forecast writes: the old
    # run's files stay as they were (no rows added to log.csv) and no .tmp is left.
    for command, kind, limit in (("train-lm", "lm", 4000), ("train-s2s", "s2s", 4000), ("train-ts", "ts", 1000)):
        cases.append(Case("%s --force on a full disk" % command, train(command, "--force"), 1,
                          r"run|disk|[Ff]ile too large", setup=copy_run(fx, kind), fsize=limit))
    cases.append(Case("forecast on a full disk", ["forecast", "--model", "{d}/model.safetensors"], 1,
                      r"forecast|disk|[Ff]ile too large", setup=copy_fixture(fx, "ts"), fsize=1000))
    # Results nobody can read: stdout on a full disk.
    full = [
        ("vocab", ["vocab", "--text", "{fx}/text.txt"], None, None),
        ("sample", ["sample", "--model", "{fx}/lm/model.safetensors", "--length", "50", "--seed", "1"], None, None),
        ("eval --text", ["eval", "--model", "{fx}/lm/model.safetensors", "--text", "{fx}/text.txt"], None, None),
        ("eval --pairs", ["eval", "--model", "{fx}/s2s/model.safetensors", "--pairs", "{fx}/pairs.tsv"], None, None),
        ("summary", ["summary", "--input", "3", "--hidden", "4"], None, None),
        ("summary --model", ["summary", "--model", "{fx}/lm/model.safetensors"], None, None),
        ("forecast", ["forecast", "--model", "{d}/model.safetensors"], copy_fixture(fx, "ts"), None),
        ("translate", ["translate", "--model", "{fx}/s2s/model.safetensors"], None, b"Go.\nRun!\n"),
    ]
    cases += [Case("%s > /dev/full" % label, argv, 1, r"stdout", setup=setup, stdin=stdin, stdout="/dev/full")
              for label, argv, setup, stdin in full]
    return cases


def resume_cases(fx):
    lm = copy_run(fx, "lm")
    base = ["train-lm", "--out", "{d}/run", "--resume"]
    cases = [
        Case("train-lm --resume --seq-len 16 (trained with 8)", base + ["--text", "{fx}/text.txt", "--seq-len", "16"], 2,
             r"--seq-len", setup=lm, upfront=True),
        Case("train-lm --resume --batch 4 (trained with 2)", base + ["--text", "{fx}/text.txt", "--batch", "4"], 2,
             r"--batch", setup=lm, upfront=True),
        Case("train-lm --resume --hidden 16 (trained with 8)", base + ["--text", "{fx}/text.txt", "--hidden", "16"], 2,
             r"--hidden", setup=lm, upfront=True),
        Case("train-lm --resume --unit word (trained on chars)", base + ["--text", "{fx}/text.txt", "--unit", "word"], 2,
             r"--unit", setup=lm, upfront=True),
        # Another data file is bad input (1), an option that differs a usage error (2).
        Case("train-lm --resume on another --text", base + ["--text", "{fx}/other.txt"], 1, r"--text", setup=lm,
             upfront=True),
        Case("train-lm --resume --val-frac 0.5 (trained with 0.1)", base + ["--text", "{fx}/text.txt", "--val-frac", "0.5"],
             2, r"--val-frac", setup=lm, upfront=True),
        Case("train-lm --resume with no run in --out", ["train-lm", "--text", "{fx}/text.txt", "--out", "{d}/empty",
                                                        "--resume"], 1, r"empty", setup=make_dir("empty"), upfront=True),
        Case("train-s2s --resume --hidden 16 (trained with 8)", ["train-s2s", "--pairs", "{fx}/pairs.tsv", "--out",
                                                                 "{d}/run", "--resume", "--hidden", "16"], 2,
             r"--hidden", setup=copy_run(fx, "s2s"), upfront=True),
        Case("train-s2s --resume --batch 4 (trained with 8)", ["train-s2s", "--pairs", "{fx}/pairs.tsv", "--out",
                                                               "{d}/run", "--resume", "--batch", "4"], 2,
             r"--batch", setup=copy_run(fx, "s2s"), upfront=True),
        Case("train-s2s --resume on other --pairs", ["train-s2s", "--pairs", "{d}/p.tsv", "--out", "{d}/run", "--resume"],
             1, r"--pairs", setup=both(copy_run(fx, "s2s"), write_file("p.tsv", "A.\tB.\n" * 30)), upfront=True),
        Case("train-ts --resume --window 20 (trained with 10)", ["train-ts", "--out", "{d}/run", "--resume", "--window",
                                                                 "20"], 2, r"--window", setup=copy_run(fx, "ts"),
             upfront=True),
        Case("train-ts --resume --synthetic cumsum (trained on sine)", ["train-ts", "--out", "{d}/run", "--resume",
                                                                        "--synthetic", "cumsum"], 2, r"--synthetic",
             setup=copy_run(fx, "ts"), upfront=True),
    ]
    return cases


CASES = [training_option_cases, quality_option_cases, inference_option_cases, output_cases, resume_cases]
