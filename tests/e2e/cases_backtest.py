"""lstmkit backtest: nonsense option values, missing or wrong data, and models it cannot backtest. Option mistakes are refused up front (exit 2, nothing written).
Also the --json switch of forecast and vocab, and forecast's --out - beside backtest's."""

from e2e_lib import Case, copy_fixture, corrupt, flip_data_bit

BT = ["backtest", "--model", "{d}/model.safetensors"]


def option_cases(fx):
    ts = copy_fixture(fx, "ts")
    cases = [Case("backtest %s" % " ".join(o), BT + list(o), 2, r"^lstmkit: error: " + o[0].split("=")[0],
                  setup=ts, upfront=True)
             for o in [("--start", "0"), ("--start", "1"), ("--start", "-0.5"), ("--start", "nan"),
                       ("--stride", "0"), ("--stride", "-1"), ("--steps", "0"), ("--steps", "-3"),
                       ("--season", "-1"), ("--threads", "-1"), ("--precision", "f16"), ("--synthetic", "square")]]
    cases += [
        Case("backtest --start x", BT + ["--start", "x"], 2, r"'--start' is invalid", setup=ts, upfront=True),
        Case("backtest without --model", ["backtest"], 2, r"--model", upfront=True),
        Case("backtest --out -", BT + ["--out", "-"], 2, r"--out", setup=ts, upfront=True),
        Case("backtest --steps past the series", BT + ["--steps", "100000"], 2, r"^lstmkit: error: --start: no origin",
             setup=ts),
        Case("backtest --season longer than the series", BT + ["--season", "100000"], 2,
             r"^lstmkit: error: --start: no origin", setup=ts),
        Case("backtest --csv with --synthetic", BT + ["--csv", "{fx}/series.csv", "--synthetic", "sine"], 2,
             r"--csv|--synthetic", setup=ts, upfront=True),
    ]
    return cases


def data_cases(fx):
    csv_model = copy_fixture(fx, "tscsv")
    return [
        Case("backtest: a CSV model without --csv", BT, 2, r"^lstmkit: error: --csv: missing", setup=csv_model),
        Case("backtest --csv: no such file", BT + ["--csv", "{d}/none.csv"], 1, r"none\.csv", setup=copy_fixture(fx, "ts")),
        Case("backtest: a model of two input columns", BT + ["--csv", "{fx}/series.csv"], 1,
             r"^lstmkit: error: model: the model reads \[a, b\] but predicts \[b\]", setup=csv_model),
        Case("backtest: a model of sequences", BT, 1, r"^lstmkit: error: model: is not a regressor of one series",
             setup=copy_fixture(fx, "add")),
        Case("backtest: a flipped bit in the model", BT, 1, r"model\.safetensors",
             setup=corrupt(fx, "ts", raw=flip_data_bit)),
    ]


def json_cases(fx):
    ts = copy_fixture(fx, "ts")
    forecast = ["forecast", "--model", "{d}/model.safetensors"]
    return [
        Case("forecast --out - --json", forecast + ["--out", "-", "--json"], 2, r"^lstmkit: error: --out: '-' \(stdout\)",
             setup=ts, upfront=True),
        Case("forecast --json with a value", forecast + ["--json=yes"], 2, r"^lstmkit: error: .*json", setup=ts,
             upfront=True),
        Case("vocab --json with a value", ["vocab", "--text", "{fx}/text.txt", "--json=1"], 2, r"^lstmkit: error: .*json",
             upfront=True),
    ]


CASES = [option_cases, data_cases, json_cases]
