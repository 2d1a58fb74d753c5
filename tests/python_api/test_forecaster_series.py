"""lstmkit.Forecaster on a model of several series (series_column=): the same weights and per-series
forecasts as the command-line program, a dict of forecasts by id or one series' with series_id=, per
series scores from evaluate() and backtest(), and an unknown id refused naming the ids."""
import numpy as np
import pytest

import lstmkit

TINY = dict(window=6, hidden=4, epochs=2, batch=16, seed=3, threads=1)


def write_stores(path):
    with open(path, "w") as f:
        f.write("store,sales\n")
        for sid, level, rows in (("north", 100.0, 60), ("east", 30.0, 72)):
            for t in range(rows):
                f.write("%s,%.3f\n" % (sid, level * (1 + 0.01 * t) * (1 + 0.2 * np.sin(2 * np.pi * t / 12))))
    return path


@pytest.fixture
def stores(tmp_path):
    return write_stores(tmp_path / "stores.csv")


def test_each_series_forecast_as_the_cli_forecasts_it(cli, tmp_path, stores):
    model = lstmkit.Forecaster.fit(csv=stores, target="sales", series_column="store", out=tmp_path / "py",
                                   verbose=False, **TINY)
    cli.run("train-ts", "--csv", str(stores), "--target", "sales", "--series-column", "store",
            "--out", str(tmp_path / "cli"), *[a for k, v in TINY.items() for a in ("--" + k, str(v))])
    theirs = lstmkit.load(tmp_path / "cli" / "model.safetensors")
    for name, w in model.weights().items():
        np.testing.assert_array_equal(w, theirs.weights()[name], err_msg=name)

    loops = model.forecast(4)
    assert sorted(loops) == ["east", "north"] and loops["east"].shape == (4,)
    np.testing.assert_array_equal(model.forecast(4, series_id="east"), loops["east"])
    out = cli.json("forecast", "--model", str(tmp_path / "cli" / "model.safetensors"), "--csv", str(stores),
                   "--steps", "4", "--out", str(tmp_path / "fc"), "--threads", "1")
    for s in out["series"]:
        np.testing.assert_allclose(loops[s["id"]], np.array(s["closed_loop"]["values"])[:, 0], rtol=1e-5)
    # Each series in its own units: east around 30, north around 100.
    assert 20 < loops["east"].mean() < 60 and 70 < loops["north"].mean() < 200

    report = model.evaluate(season=12, series_id="north")
    assert list(report["series"]) == ["north"] and "series 'north': 60 rows" in report["report"]
    assert {r["part"] for r in report["series"]["north"]["errors"]["sales"]} == {"train", "validation"}

    backtest = model.backtest(start=0.8, stride=4, steps=3)
    assert [s["id"] for s in backtest["series"]] == ["north", "east"]
    assert backtest["methods"][0]["count"] == sum(len(s["origins"]) * 3 for s in backtest["series"])
    assert [s["id"] for s in model.backtest(start=0.8, stride=4, steps=3, series_id="east")["series"]] == ["east"]

    with pytest.raises(lstmkit.UsageError, match="series_id: no series 'west'; the series are 'north', 'east'"):
        model.forecast(2, series_id="west")
