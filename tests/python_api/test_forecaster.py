"""lstmkit.Forecaster against the command-line program: the same weights and forecasts for the same
data, options and seed (a file, or the same values as numpy arrays); numpy shapes; errors; the epoch
callback; load and summary."""
import csv
import math

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
            w.writerow(["%.9g" % v for v in row])
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
    with pytest.raises(lstmkit.UsageError, match="row 7"):
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
    with pytest.raises(lstmkit.UsageError, match="csv: missing"):
        loaded.forecast(3)   # a CSV model's file is named by the caller, never read from the checkpoint
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
