"""lstmkit.Forecaster against the command-line program: the same weights and forecasts for the same
data, options and seed (a file, or the same values as numpy arrays); numpy shapes; errors; the epoch
callback; load and summary."""
import csv
import json
import math
import struct

import numpy as np
import pytest

import lstmkit

# Window 8, one LSTM of 4, 2 epochs of batch 16: well under a second, one thread as the CLI runs below.
TINY = dict(window=8, hidden=4, epochs=2, batch=16, seed=3, threads=1)


def sine(rows=120):
    return np.array([10 + math.sin(2 * math.pi * t / 12) + 0.01 * t for t in range(rows)], dtype=np.float32)


def write_csv(path, columns):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(list(columns))
        for row in zip(*columns.values()):
            w.writerow([v if isinstance(v, str) else "%.9g" % v for v in row])
    return path


def cli_args(options):
    return [arg for key, value in options.items() for arg in ("--" + key.replace("_", "-"), str(value))]


def closed_loop_of(forecast_csv, steps):
    with open(forecast_csv) as f:
        rows = list(csv.DictReader(f))
    return np.array([float(r["prediction"]) for r in rows[-steps:]], dtype=np.float32)


@pytest.fixture
def series_csv(tmp_path):
    return write_csv(tmp_path / "series.csv", {"value": sine()})


def test_python_and_cli_give_the_same_weights_and_forecasts(cli, tmp_path, series_csv):
    model = lstmkit.Forecaster.fit(csv=series_csv, out=tmp_path / "py", verbose=False, **TINY)
    cli.run("train-ts", "--csv", str(series_csv), "--out", str(tmp_path / "cli"), *cli_args(TINY))
    theirs = lstmkit.load(tmp_path / "cli" / "model.safetensors")
    assert isinstance(theirs, lstmkit.Forecaster)
    mine, other = model.weights(), theirs.weights()
    assert sorted(mine) == sorted(other)
    for name in mine:
        np.testing.assert_array_equal(mine[name], other[name], err_msg=name)

    cli.run("forecast", "--model", str(tmp_path / "cli" / "model.safetensors"), "--csv", str(series_csv),
            "--steps", "6", "--out", str(tmp_path / "fc"), "--threads", "1")
    np.testing.assert_allclose(model.forecast(6), closed_loop_of(tmp_path / "fc" / "forecast.csv", 6), rtol=1e-5)


def test_numpy_arrays_train_as_the_same_values_in_a_file(tmp_path, series_csv):
    from_file = lstmkit.Forecaster.fit(csv=series_csv, out=tmp_path / "file", verbose=False, **TINY)
    from_array = lstmkit.Forecaster.fit(sine(), out=tmp_path / "array", verbose=False, **TINY)
    from_dict = lstmkit.Forecaster.fit(columns={"value": sine()}, out=tmp_path / "dict", verbose=False, **TINY)
    for other in (from_array, from_dict):
        for name, w in from_file.weights().items():
            np.testing.assert_array_equal(w, other.weights()[name], err_msg=name)
    np.testing.assert_array_equal(from_file.forecast(5), from_array.forecast(5))


def test_shapes(tmp_path):
    y = sine()
    model = lstmkit.Forecaster.fit(y, out=tmp_path / "m", verbose=False, **TINY)
    assert model.forecast(7).shape == (7,)
    windows = np.stack([y[i:i + 8] for i in range(5)])            # [N, T]
    assert model.predict(windows).shape == (5, 1)
    assert model.predict(windows[:, :, None]).shape == (5, 1)     # [N, T, F]
    report = model.evaluate()
    assert report["own_data"] and report["boundary"] == 96
    assert report["one_step"].shape == (len(report["rows"]), 1)
    parts = {(r["part"], r["predictor"]) for r in report["errors"]["value"]}
    assert ("validation", "model") in parts and ("validation", "persistence") in parts
    # Windows cut from the series predict what the one-step forecast of their rows says.
    np.testing.assert_allclose(model.predict(windows)[:, 0], report["one_step"][:5, 0], rtol=1e-5)
    other = model.evaluate(sine(40) + 1)
    assert not other["own_data"] and {r["part"] for r in other["errors"]["value"]} == {"all"}

    two = lstmkit.Forecaster.fit(columns={"x": y * 2, "value": y}, features="x,value", out=tmp_path / "two",
                                 verbose=False, **TINY)
    assert two.features == ["x", "value"] and two.targets == ["value"]
    assert two.predict(np.zeros((3, 8, 2), dtype=np.float32)).shape == (3, 1)
    with pytest.raises(lstmkit.Error, match="^lstmkit: error: in-memory arrays from Python: no column 'x'"):
        two.evaluate(y)   # the data is where a column the model reads is missing

    multi = lstmkit.Forecaster.fit(y, output_steps=3, quantiles=[0.1, 0.5, 0.9], out=tmp_path / "q", verbose=False, **TINY)
    assert multi.predict(windows).shape == (5, 3, 1)
    values, quantiles = multi.forecast(6, return_quantiles=True)
    assert values.shape == (6,) and quantiles.shape == (6, 3)
    np.testing.assert_array_equal(values, quantiles[:, 1])


def test_errors_name_the_keywords(tmp_path):
    y = sine()
    with pytest.raises(lstmkit.UsageError, match="hiden"):
        lstmkit.Forecaster.fit(y, hiden=4, out=tmp_path / "a", verbose=False)
    with pytest.raises(lstmkit.UsageError, match="window"):
        lstmkit.Forecaster.fit(y, out=tmp_path / "b", verbose=False, **dict(TINY, window=0))
    with pytest.raises(lstmkit.UsageError, match="quantiles"):
        lstmkit.Forecaster.fit(y, quantiles=[0.9, 0.1], out=tmp_path / "c", verbose=False, **TINY)
    bad = y.copy()
    bad[7] = np.nan
    with pytest.raises(lstmkit.Error, match="arrays from Python:7: column 'value': missing value"):
        lstmkit.Forecaster.fit(bad, out=tmp_path / "d", verbose=False, **TINY)
    with pytest.raises(lstmkit.UsageError, match="series"):
        lstmkit.Forecaster.fit(y, csv="x.csv", out=tmp_path / "e", verbose=False, **TINY)
    model = lstmkit.Forecaster.fit(y, out=tmp_path / "m", verbose=False, **TINY)
    with pytest.raises(lstmkit.UsageError, match="steps"):
        model.forecast(-1)
    with pytest.raises(lstmkit.UsageError, match="x: has 2 features"):
        model.predict(np.zeros((2, 8, 2)))
    with pytest.raises(lstmkit.UsageError, match="return_quantiles"):
        model.forecast(3, return_quantiles=True)
    with pytest.raises(lstmkit.Error, match="the model reads \\[value\\]"):
        model.evaluate(columns={"other": y})
    loaded = lstmkit.load(tmp_path / "m" / "model.safetensors")
    with pytest.raises(lstmkit.UsageError, match="series: missing: the model was trained on in-memory arrays"):
        loaded.forecast(3)   # the checkpoint records the arrays' fingerprint, not their values
    horizon2 = lstmkit.Forecaster.fit(y, horizon=2, out=tmp_path / "h", verbose=False, **TINY)
    with pytest.raises(lstmkit.UsageError, match="steps"):
        horizon2.forecast(3)


def test_callback_and_summary(tmp_path):
    seen = []
    model = lstmkit.Forecaster.fit(synthetic="damped", on_epoch=seen.append, verbose=False,
                                   out=tmp_path / "m", **dict(TINY, window=10, cell="rnn", hidden=40))
    assert [e["epoch"] for e in seen] == [1, 2]
    assert all(e["val_loss"] is not None and e["loss"] > 0 for e in seen)
    assert model.history == seen and model.result["epochs"] == 2
    table = model.summary(print_fn=None)
    assert [layer["keras_params"] for layer in table["layers"]] == [1680, 41]
    # A synthetic model forecasts its own series again without being given it.
    assert model.forecast(4).shape == (4,)
    model.save(tmp_path / "copy.safetensors")
    again = lstmkit.load(tmp_path / "copy.safetensors")
    np.testing.assert_array_equal(again.forecast(4), model.forecast(4))



def checkpoint_metadata(path):
    blob = open(path, "rb").read()
    n = struct.unpack("<Q", blob[:8])[0]
    return json.loads(blob[8:8 + n])["__metadata__"]


def same_weights(a, b):
    assert sorted(a.weights()) == sorted(b.weights())
    for name, w in a.weights().items():
        np.testing.assert_array_equal(w, b.weights()[name], err_msg=name)


def test_arrays_are_read_in_memory_and_recorded_without_a_path(cli, tmp_path, series_csv):
    y = sine()
    model = lstmkit.Forecaster.fit(y.astype(np.float64), out=tmp_path / "m", verbose=False, **TINY)
    cli.run("train-ts", "--csv", str(series_csv), "--out", str(tmp_path / "cli"), *cli_args(TINY))
    same_weights(model, lstmkit.load(tmp_path / "cli" / "model.safetensors"))  # float64 rounds as the file's text
    source = json.loads(checkpoint_metadata(tmp_path / "m" / "model.safetensors")["config"])["source"]
    assert source["memory"] == "in-memory arrays from Python" and "csv" not in source
    assert source["fingerprint"].startswith("120 rows, crc32 ")
    # The same values given again are the model's own data (its training and validation parts).
    loaded = lstmkit.load(tmp_path / "m" / "model.safetensors")
    assert loaded.evaluate(y)["own_data"] and not loaded.evaluate(y + 1)["own_data"]
    np.testing.assert_array_equal(loaded.forecast(4, y), model.forecast(4))
    # The command-line program reads a file for it and says why when none is given.
    done = cli.run("forecast", "--model", str(tmp_path / "m" / "model.safetensors"), "--steps", "2", check=False)
    assert done.returncode == 2 and "the model was trained on in-memory arrays" in done.stderr
    cli.run("forecast", "--model", str(tmp_path / "m" / "model.safetensors"), "--csv", str(series_csv), "--steps", "2",
            "--out", str(tmp_path / "fc"))


@pytest.mark.parametrize("fill", ["ffill", "drop"])
def test_nan_follows_the_fill_policy_as_an_empty_field_does(cli, tmp_path, fill):
    y = sine()
    holes = y.copy()
    holes[[7, 50]] = np.nan
    path = tmp_path / "holes.csv"
    path.write_text("value\n" + "".join('""\n' if math.isnan(v) else "%.9g\n" % v for v in holes))  # "": missing
    cli.run("train-ts", "--csv", str(path), "--fill", fill, "--out", str(tmp_path / "cli"), *cli_args(TINY))
    model = lstmkit.Forecaster.fit(holes, fill=fill, out=tmp_path / "py", verbose=False, **TINY)
    same_weights(model, lstmkit.load(tmp_path / "cli" / "model.safetensors"))


def test_a_time_column_as_datetime64_or_text_reads_as_in_a_file(cli, tmp_path):
    y = sine(48)
    months = np.arange("2000-01", "2004-01", dtype="datetime64[M]")
    path = write_csv(tmp_path / "monthly.csv", {"month": [str(m) for m in months], "value": y})
    options = dict(TINY, window=6, time_column="month", calendar="month")
    cli.run("train-ts", "--csv", str(path), "--out", str(tmp_path / "cli"), *cli_args(options))
    theirs = lstmkit.load(tmp_path / "cli" / "model.safetensors")
    for name, times in (("dt", months), ("days", months.astype("datetime64[D]")), ("ns", months.astype("datetime64[ns]")),
                        ("text", np.array([str(m) for m in months]))):
        mine = lstmkit.Forecaster.fit(columns={"month": times, "value": y}, out=tmp_path / name, verbose=False, **options)
        same_weights(mine, theirs)


def test_array_mistakes_name_the_keyword(tmp_path):
    y = sine()
    cases = [
        (dict(series=y.astype(np.int64)), "series: has dtype int64"),
        (dict(series=y.astype(np.float16)), "series: has dtype float16"),
        (dict(series=y[None, None, :]), r"series: must be an array \[T\] or \[T, F\]"),
        (dict(columns={"a": y, "b": y[:-1]}), "columns: column 'b' has 119 rows, column 'a' 120"),
        (dict(columns={"a": y[:, None]}), r"columns: column 'a' must be one-dimensional; got shape \(120, 1\)"),
        (dict(columns={"a": np.arange(120)}), "columns: column 'a' has dtype int64"),
        (dict(columns={}), "columns: is empty"),
        (dict(columns=[y]), "columns: must be a dict"),
        (dict(series=y, columns={"a": y}), "series: cannot be combined with columns"),
        (dict(columns={"value": y}, fill="ffill", target="nope"), "target: no column 'nope'"),
    ]
    for keywords, message in cases:
        with pytest.raises(lstmkit.Error, match=message):
            lstmkit.Forecaster.fit(out=tmp_path / "m", verbose=False, **dict(TINY, **keywords))


def test_defaults_are_the_command_line_programs(cli, tmp_path):
    """No option given but the seed: Python's keywords default to what train-ts's options default to
    (both read jobs::default_ts_train_config), so the weights are the same bit for bit."""
    y = sine(200)
    path = write_csv(tmp_path / "long.csv", {"value": y})
    model = lstmkit.Forecaster.fit(y, out=tmp_path / "py", verbose=False, threads=1, epochs=3)
    cli.run("train-ts", "--csv", str(path), "--out", str(tmp_path / "cli"), "--threads", "1", "--epochs", "3")
    same_weights(model, lstmkit.load(tmp_path / "cli" / "model.safetensors"))
    assert model.window == 80 and model.config["hidden"] == 50
