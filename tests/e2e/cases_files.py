"""Bad input files for every option that reads one: FIFOs with no writer, directories, missing and
unreadable paths, /dev/full, empty files, invalid UTF-8, binary files; then CSV and TSV defects."""

from e2e_lib import (BINARY, INVALID_UTF8, Case, both, copy_fixture, make_dir, make_fifo, write_file)

SMALL = ["--epochs", "1", "--hidden", "8", "--layers", "1", "--quiet"]


def readers(fx):
    """(label, argv with PATH where the file goes, set-up, kind of content the option expects)."""
    return [
        ("vocab --text", ["vocab", "--text", "PATH"], None, "text"),
        ("train-lm --text", ["train-lm", "--text", "PATH", "--out", "{d}/run", "--seq-len", "8", "--batch", "2"] + SMALL,
         None, "text"),
        ("eval --text", ["eval", "--model", "{fx}/lm/model.safetensors", "--text", "PATH"], None, "text"),
        ("train-s2s --pairs", ["train-s2s", "--pairs", "PATH", "--out", "{d}/run"] + SMALL, None, "text"),
        ("train-s2s --val-pairs", ["train-s2s", "--pairs", "{fx}/pairs.tsv", "--val-pairs", "PATH",
                                   "--out", "{d}/run"] + SMALL, None, "text"),
        ("eval --pairs", ["eval", "--model", "{fx}/s2s/model.safetensors", "--pairs", "PATH"], None, "text"),
        ("translate --input", ["translate", "--model", "{fx}/s2s/model.safetensors", "--input", "PATH"], None, "text"),
        ("train-ts --csv", ["train-ts", "--csv", "PATH", "--out", "{d}/run", "--window", "5"] + SMALL, None, "text"),
        ("forecast --csv", ["forecast", "--model", "{d}/model.safetensors", "--csv", "PATH"],
         copy_fixture(fx, "tscsv"), "text"),
        ("sample --model", ["sample", "--model", "PATH", "--length", "5", "--seed", "1"], None, "model"),
        ("translate --model", ["translate", "--model", "PATH"], None, "model"),
        ("eval --model", ["eval", "--model", "PATH", "--text", "{fx}/text.txt"], None, "model"),
        ("forecast --model", ["forecast", "--model", "PATH"], None, "model"),
        ("summary --model", ["summary", "--model", "PATH"], None, "model"),
    ]


def with_path(argv, path):
    return [path if a == "PATH" else a for a in argv]


def file_kind_cases(fx):
    cases = []
    for label, argv, setup, content in readers(fx):
        stdin = b"Go.\n" if label == "translate --model" else None
        cases.append(Case("%s: a FIFO with no writer" % label, with_path(argv, "{d}/fifo"), 1, r"fifo",
                          setup=both(setup, make_fifo("fifo")), stdin=stdin))
        cases.append(Case("%s: a directory" % label, with_path(argv, "{d}/adir"), 1,
                          r"(?=.*adir)(?=.*[Dd]irectory)", setup=both(setup, make_dir("adir")), stdin=stdin))
        cases.append(Case("%s: a missing path" % label, with_path(argv, "{d}/nosuch.file"), 1, r"nosuch\.file",
                          setup=setup, stdin=stdin))
        # No lines to translate is a valid, empty answer; vocab reports an empty text's 0 tokens.
        if label not in ("translate --input", "vocab --text"):
            cases.append(Case("%s: an empty file" % label, with_path(argv, "{d}/empty"), 1, r"empty",
                              setup=both(setup, write_file("empty", b"")), stdin=stdin))
        cases.append(Case("%s: a binary file with control bytes" % label, with_path(argv, "{d}/blob"), 1, r"blob",
                          setup=both(setup, write_file("blob", BINARY)), stdin=stdin))
    # /dev/full reads zeros without end: a character device is no input file.
    for label, argv, setup, _ in readers(fx):
        if label in ("vocab --text", "train-lm --text", "train-s2s --pairs", "translate --input", "train-ts --csv",
                     "sample --model", "eval --text", "forecast --csv"):
            cases.append(Case("%s: /dev/full" % label, with_path(argv, "/dev/full"), 1, r"/dev/full", setup=setup))
    # Standard input that never ends a line: bounded, not read until memory runs out.
    cases.append(Case("translate: stdin /dev/full (one endless line)", ["translate", "--model",
                      "{fx}/s2s/model.safetensors"], 1, r"stdin|line", stdin="/dev/full"))
    # Unreadable files (run as nobody when the suite runs as root).
    for label, argv, setup, content in readers(fx):
        if label in ("vocab --text", "train-lm --text", "train-s2s --pairs", "translate --input", "train-ts --csv",
                     "sample --model", "forecast --model", "eval --model"):
            body = open(fx + "/lm/model.safetensors", "rb").read() if content == "model" else b"a,b\n1,2\n"
            cases.append(Case("%s: an unreadable file" % label, with_path(argv, "{d}/locked"), 1, r"locked",
                              setup=both(setup, write_file("locked", body, mode=0)), as_nobody=True))
    # Invalid UTF-8: an error naming the file and the byte offset.
    for label, argv, setup, content in readers(fx):
        if content == "text" and label not in ("forecast --csv",):
            cases.append(Case("%s: invalid UTF-8" % label, with_path(argv, "{d}/bad.txt"), 1,
                              r"(?=.*bad\.txt)(?=.*byte)", setup=both(setup, write_file("bad.txt", INVALID_UTF8))))
    cases.append(Case("sample --prime: invalid UTF-8", ["sample", "--model", "{fx}/lm/model.safetensors", "--prime",
                                                        b"RO\xffMEO", "--length", "5"], 2, r"--prime", upfront=True))
    return cases


def csv_cases(fx):
    rows = "".join("%d,%d,%d\n" % (i, i % 7, i % 5) for i in range(2, 60))
    train = ["train-ts", "--csv", "{d}/data.csv", "--out", "{d}/run", "--window", "5"] + SMALL
    fore = ["forecast", "--model", "{d}/model.safetensors", "--csv", "{d}/data.csv"]
    model = copy_fixture(fx, "tscsv")
    defects = [
        ("a ragged row", "t,a,b\n0,1,2\n1,2\n" + rows, r"data\.csv:3"),
        ("a non-numeric cell", "t,a,b\n0,1,2\n1,2,x\n" + rows, r"data\.csv:3"),
        ("a NaN cell", "t,a,b\n0,1,2\n1,2,nan\n" + rows, r"data\.csv:3"),
        ("an inf cell", "t,a,b\n0,1,2\n1,2,-inf\n" + rows, r"data\.csv:3"),
        ("an unterminated quote", 't,a,b\n0,1,2\n1,"2,3\n' + rows, r"data\.csv"),
        ("a header only", "t,a,b\n", r"data\.csv"),
        ("blank lines only", "\n\n\n", r"data\.csv"),
    ]
    cases = []
    for what, text, sub in defects:
        cases.append(Case("train-ts --csv: %s" % what, train, 1, sub, setup=write_file("data.csv", text)))
        cases.append(Case("forecast --csv: %s" % what, fore, 1, sub, setup=both(model, write_file("data.csv", text))))
    no_header = "".join("%d,%.3f,%.3f\n" % (i, i * 0.1, i * 0.2) for i in range(60))
    positive = "".join("%d,%d,%d\n" % (i, i % 7, i % 5 + 1) for i in range(2, 60))
    cases += [
        Case("train-ts --csv: no header, --target b", train + ["--target", "b"], 2, r"--target",
             setup=write_file("data.csv", no_header)),
        Case("forecast --csv: no header where the model needs columns a, b", fore, 1, r"'a'|'b'|column",
             setup=both(model, write_file("data.csv", no_header))),
        Case("forecast --csv: other column names than the model's", fore, 1, r"'a'|'b'|column",
             setup=both(model, write_file("data.csv", "t,x,y\n" + rows))),
        Case("train-ts --csv: --no-header on a file with a header", train + ["--no-header"], 1, r"data\.csv:1",
             setup=write_file("data.csv", "t,a,b\n" + rows)),
        Case("train-ts --csv: --target names no column", ["train-ts", "--csv", "{fx}/series.csv", "--target", "nosuch",
                                                          "--out", "{d}/run"] + SMALL, 2, r"--target.*nosuch"),
        Case("train-ts --csv: --features names no column", ["train-ts", "--csv", "{fx}/series.csv", "--features",
                                                            "a,nosuch", "--out", "{d}/run"] + SMALL, 2,
             r"--features.*nosuch"),
        Case("train-ts --csv: --target index out of range", ["train-ts", "--csv", "{fx}/series.csv", "--target", "7",
                                                             "--out", "{d}/run"] + SMALL, 2, r"--target"),
        Case("train-ts --fill: unknown policy", ["train-ts", "--csv", "{fx}/series.csv", "--fill", "guess",
                                                 "--out", "{d}/run"] + SMALL, 2, r"--fill", upfront=True),
        Case("train-ts --log: a value of 0", train + ["--log"], 1, r"data\.csv:4.*not positive",
             setup=write_file("data.csv", "t,a,b\n0,1,2\n1,2,3\n2,3,0\n" + positive)),
        Case("train-ts --log: a negative validation value", train + ["--log"], 1, r"data\.csv:60.*not positive",
             setup=write_file("data.csv", "t,a,b\n" + positive + "99,1,-2\n")),
        Case("train-ts --sqrt: a negative value", train + ["--sqrt"], 1, r"data\.csv:4.*negative",
             setup=write_file("data.csv", "t,a,b\n0,1,2\n1,2,3\n2,3,-1\n" + positive)),
        Case("train-ts --sqrt: a negative validation value", train + ["--sqrt"], 1, r"data\.csv:60.*negative",
             setup=write_file("data.csv", "t,a,b\n" + positive + "99,1,-2\n")),
        Case("train-ts --sqrt with --log", train + ["--sqrt", "--log"], 2, r"^lstmkit: error: --sqrt: cannot be combined with --log",
             setup=write_file("data.csv", "t,a,b\n" + positive), upfront=True),
        Case("train-ts --difference: longer than the training part", train + ["--difference", "100"], 2,
             r"^lstmkit: error: --difference", setup=write_file("data.csv", "t,a,b\n" + rows)),
    ]
    return cases


def tsv_cases(fx):
    good = "".join("Go%d.\tVa%d !\n" % (i, i) for i in range(40))
    s2s = ["train-s2s", "--pairs", "{d}/p.tsv", "--out", "{d}/run"] + SMALL
    ev = ["eval", "--model", "{fx}/s2s/model.safetensors", "--pairs", "{d}/p.tsv"]
    return [
        Case("train-s2s --pairs: a line without a tab", s2s, 1, r"p\.tsv:21",
             setup=write_file("p.tsv", good[:good.index("Go20")] + "no tab here\n" + good)),
        Case("eval --pairs: a line without a tab", ev, 1, r"p\.tsv:3", setup=write_file("p.tsv", "Go.\tVa !\nHi.\tSalut !\nnotab\n")),
        Case("train-s2s --val-pairs: a line without a tab",
             ["train-s2s", "--pairs", "{fx}/pairs.tsv", "--val-pairs", "{d}/p.tsv",
              "--out", "{d}/run"] + SMALL, 1, r"p\.tsv:2", setup=write_file("p.tsv", "Go.\tVa !\nnotab\n")),
        Case("train-s2s --pairs: blank lines only", s2s, 1, r"p\.tsv", setup=write_file("p.tsv", "\n\n\n\n")),
        Case("eval --pairs: blank lines only", ev, 1, r"p\.tsv", setup=write_file("p.tsv", "\n\n")),
        Case("train-s2s --pairs: tabs but empty sides", s2s, 1, r"p\.tsv", setup=write_file("p.tsv", "\t\n" * 30)),
    ]


def time_cases(fx):
    """--time-column, --calendar and --quantiles: bad dates, gaps and disorder at their line, unknown or
    useless calendar features, quantiles outside (0, 1), unsorted or repeated."""
    months = ["%04d-%02d" % (1950 + i // 12, i % 12 + 1) for i in range(60)]
    def series(times):
        return "month,y\n" + "".join("%s,%d\n" % (t, i % 7) for i, t in enumerate(times))
    train = ["train-ts", "--csv", "{d}/data.csv", "--time-column", "month", "--out", "{d}/run", "--window", "5"] + SMALL
    good = write_file("data.csv", series(months))
    cases = [
        Case("train-ts --time-column: an unparsable date", train, 1, r"data\.csv:4: time column 'month': 'March' is not a date",
             setup=write_file("data.csv", series(months[:2] + ["March"] + months[3:]))),
        Case("train-ts --time-column: a gap", train, 1, r"data\.csv:12: time '1950-12' comes 2 months after",
             setup=write_file("data.csv", series(months[:10] + months[11:]))),
        Case("train-ts --time-column: rows out of order", train, 1, r"data\.csv:5: time '1950-03' is not after '1950-04'",
             setup=write_file("data.csv", series(months[:2] + ["1950-04", "1950-03"] + months[4:]))),
        Case("train-ts --time-column: a repeated time", train, 1, r"data\.csv:5: .*is not after",
             setup=write_file("data.csv", series(months[:3] + months[2:]))),
        Case("train-ts --time-column: no such column", train[:4] + ["when"] + train[5:], 2, r"^lstmkit: error: --time-column",
             setup=good),
        Case("train-ts --time-column: the target column", train[:4] + ["y"] + train[5:], 2,
             r"^lstmkit: error: --time-column: column 'y' is also", setup=good),
        Case("train-ts --time-column with --synthetic", ["train-ts", "--synthetic", "sine", "--time-column", "month",
                                                        "--out", "{d}/run"] + SMALL, 2, r"^lstmkit: error: ", upfront=True),
        Case("train-ts --calendar: an unknown feature", train + ["--calendar", "month,fortnight"], 2,
             r"^lstmkit: error: --calendar: unknown calendar feature 'fortnight'", setup=good, upfront=True),
        Case("train-ts --calendar: a feature given twice", train + ["--calendar", "month,month"], 2,
             r"^lstmkit: error: --calendar", setup=good, upfront=True),
        Case("train-ts --calendar without --time-column", ["train-ts", "--csv", "{d}/data.csv", "--calendar", "month",
                                                          "--out", "{d}/run"] + SMALL, 2,
             r"^lstmkit: error: --calendar: needs the times", setup=good, upfront=True),
        Case("train-ts --calendar: the same in every row", train + ["--calendar", "hour"], 2,
             r"^lstmkit: error: --calendar: 'hour' is the same in every row", setup=good),
    ]
    for value, sub in [("0,0.5", "0 is not between 0 and 1"), ("0.5,1", "1 is not between 0 and 1"),
                       ("-0.1", "not between"), ("0.9,0.1", "0.1 comes after a larger"), ("0.5,0.5", "given twice"),
                       ("0.1,x", "'x' is not a number"), ("nan", "not between"), ("0.1,,0.9", "empty")]:
        cases.append(Case("train-ts --quantiles %s" % value, train + ["--quantiles=" + value], 2,
                          r"^lstmkit: error: --quantiles: .*" + sub, setup=good, upfront=True))
    cases.append(Case("train-ts --quantiles with --task classify",
                      ["train-ts", "--csv", "{fx}/series.csv", "--task", "classify", "--label", "b", "--features", "a",
                       "--quantiles", "0.5", "--out", "{d}/run"] + SMALL, 2, r"^lstmkit: error: --quantiles", upfront=True))
    return cases


CASES = [file_kind_cases, csv_cases, tsv_cases, time_cases]
