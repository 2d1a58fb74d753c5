"""train-ts --series-column: several series in one CSV file. Misplaced or empty options are refused up
front (exit 2); a file whose series interleave, an id missing from a row and a series too short for a
window are refused with their line or the series' name."""

from e2e_lib import Case, both, copy_fixture, write_file


def stores(rows=(40, 30)):
    """Two series of `rows` rows each, ids 'a' and 'b', one after the other."""
    text = "store,sales\n"
    for sid, n in zip("ab", rows):
        text += "".join("%s,%d\n" % (sid, 100 + i % 7) for i in range(n))
    return text


def train(*options, csv="{d}/stores.csv"):
    return ["train-ts", "--csv", csv, "--target", "sales", "--window", "5", "--epochs", "1", "--hidden", "4",
            "--threads", "1", "--out", "{d}/run"] + list(options)


def cases(fx):
    files = write_file("stores.csv", stores())
    return [
        Case("train-ts --series-column ''", train("--series-column", ""), 2, r"^lstmkit: error: --series-column: empty",
             setup=files, upfront=True),
        Case("train-ts --series-column with --synthetic",
             ["train-ts", "--synthetic", "sine", "--series-column", "store", "--out", "{d}/run"], 2,
             r"^lstmkit: error: --series-column: needs a CSV file", upfront=True),
        Case("train-ts --series-column with --task classify",
             ["train-ts", "--csv", "{d}/stores.csv", "--task", "classify", "--label", "sales", "--features", "store",
              "--series-column", "store", "--out", "{d}/run"], 2, r"^lstmkit: error: --series-column: is for regression",
             setup=files, upfront=True),
        Case("train-ts --series-column: no such column", train("--series-column", "shop"), 2,
             r"^lstmkit: error: --series-column: no column 'shop'", setup=files),
        Case("train-ts --series-column: the target column", train("--series-column", "sales"), 2,
             r"^lstmkit: error: --series-column: column 'sales' is also", setup=files),
        Case("train-ts --series-column: the ids interleave", train("--series-column", "store"), 1,
             r"^lstmkit: error: .*stores\.csv:4: series 'a' of column 'store' continues here",
             setup=write_file("stores.csv", "store,sales\na,1\nb,2\na,3\n" + "a,4\n" * 20)),
        Case("train-ts --series-column: a row without its id", train("--series-column", "store"), 1,
             r"^lstmkit: error: .*stores\.csv:5: column 'store': missing value",
             setup=write_file("stores.csv", stores().replace("a,103\n", ",103\n", 1))),
        Case("train-ts --series-column: a series shorter than a window", train("--series-column", "store"), 2,
             r"^lstmkit: error: --window: series 'b': the training part has 2 rows",
             setup=write_file("stores.csv", stores((40, 3)))),
        Case("train-ts --series-column: a series without a validation window",
             train("--series-column", "store", "--val-frac", "0.05"), 2,
             r"^lstmkit: error: --val-frac: series 'b': the validation part has 0 rows",
             setup=write_file("stores.csv", stores((40, 9)))),
        Case("train-ts --series-column --time-column: a series with a gap",
             ["train-ts", "--csv", "{d}/stores.csv", "--target", "sales", "--series-column", "store",
              "--time-column", "month", "--window", "3", "--out", "{d}/run"], 1,
             r"^lstmkit: error: .*stores\.csv:8: series 'b': time '2000-04' comes 2 months after",
             setup=write_file("stores.csv", "store,month,sales\n" + "".join("a,2000-%02d,1\n" % m for m in range(1, 5)) +
                              "b,2000-01,1\nb,2000-02,2\nb,2000-04,3\n")),
    ]


def forecast_cases(fx):
    """forecast on a model of several series (fixture 'stores', series 'a' and 'b' of {fx}/stores.csv)."""
    stores = copy_fixture(fx, "stores")
    forecast = ["forecast", "--model", "{d}/model.safetensors", "--csv", "{fx}/stores.csv", "--threads", "1"]
    return [
        Case("forecast --series ''", forecast + ["--series", ""], 2, r"^lstmkit: error: --series: empty id",
             setup=stores, upfront=True),
        Case("forecast --series: no such series", forecast + ["--series", "c"], 2,
             r"^lstmkit: error: --series: no series 'c'; the series are 'a', 'b'", setup=stores),
        Case("forecast --series on a model of one series",
             ["forecast", "--model", "{d}/model.safetensors", "--series", "a", "--threads", "1"], 2,
             r"^lstmkit: error: --series: names a series, but the model was trained on one series",
             setup=copy_fixture(fx, "ts")),
        Case("forecast: a series the model was not trained on",
             ["forecast", "--model", "{d}/model.safetensors", "--csv", "{d}/new.csv", "--threads", "1"], 1,
             r"^lstmkit: error: .*new\.csv: series 'c' is not one the model was trained on \('a', 'b'\)",
             setup=both(stores, write_file("new.csv", "store,sales\n" + "c,1\n" * 20))),
        Case("forecast: a series shorter than a window",
             ["forecast", "--model", "{d}/model.safetensors", "--csv", "{d}/short.csv", "--threads", "1"], 1,
             r"^lstmkit: error: data: series 'b': the series has 3 rows, a window needs 6",
             setup=both(stores, write_file("short.csv", "store,sales\n" + "a,1\n" * 20 + "b,2\n" * 3))),
    ]


def backtest_cases(fx):
    """backtest on a model of several series (fixture 'stores')."""
    stores = copy_fixture(fx, "stores")
    backtest = ["backtest", "--model", "{d}/model.safetensors", "--csv", "{fx}/stores.csv", "--threads", "1"]
    return [
        Case("backtest --series ''", backtest + ["--series", ""], 2, r"^lstmkit: error: --series: empty id",
             setup=stores, upfront=True),
        Case("backtest --series: no such series", backtest + ["--series", "c"], 2,
             r"^lstmkit: error: --series: no series 'c'; the series are 'a', 'b'", setup=stores),
        Case("backtest --series on a model of one series",
             ["backtest", "--model", "{d}/model.safetensors", "--series", "a", "--threads", "1"], 2,
             r"^lstmkit: error: --series: names a series, but the model was trained on one series",
             setup=copy_fixture(fx, "ts")),
        Case("backtest: a series the model was not trained on",
             ["backtest", "--model", "{d}/model.safetensors", "--csv", "{d}/new.csv", "--threads", "1"], 1,
             r"^lstmkit: error: .*new\.csv: series 'c' is not one the model was trained on \('a', 'b'\)",
             setup=both(stores, write_file("new.csv", "store,sales\n" + "c,1\n" * 20))),
        Case("backtest: a series too short for an origin", backtest[:3] + ["--csv", "{d}/short.csv", "--threads", "1"],
             2, r"^lstmkit: error: --start: series 'b': no origin",
             setup=both(stores, write_file("short.csv", "store,sales\n" + "a,1\n" * 40 + "b,2\n" * 4))),
    ]


CASES = [cases, forecast_cases, backtest_cases]
