"""Forecaster.backtest against `lstmkit backtest --json` on the same model and data: the same document
(origins, methods and their errors), from a file and from the data the model was fitted on; files with
out=; the config's mistakes as errors naming the keyword."""
import csv
import math
import tempfile

import numpy as np
import pytest

import lstmkit

TINY = dict(window=12, difference=12, hidden=4, epochs=2, batch=16, seed=3, threads=1)


@pytest.fixture
def series_csv(tmp_path):
    path = tmp_path / "series.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["value"])
        for t in range(120):
            w.writerow(["%.5f" % (100 + 0.5 * t + 10 * math.sin(2 * math.pi * t / 12))])
    return path


def test_backtest_is_the_clis_json(cli, tmp_path, series_csv):
    model = lstmkit.Forecaster.fit(csv=series_csv, out=tmp_path / "m", verbose=False, **TINY)
    options = dict(start=0.75, stride=6, steps=12, season=12)
    theirs = cli.json("backtest", "--model", str(tmp_path / "m" / "model.safetensors"), "--csv", str(series_csv),
                      "--threads", "1", "--out", str(tmp_path / "cli"),
                      *[arg for k, v in options.items() for arg in ("--" + k, str(v))])
    mine = model.backtest(csv=series_csv, threads=1, **options)
    assert mine.pop("files") == []
    assert mine == theirs
    assert mine["origins"] == [90, 96, 102, 108]
    assert [m["name"] for m in mine["methods"]] == ["model", "persistence", "seasonal naive (12)", "drift", "mean"]
    # The seasonal naive forecast misses by the trend over a year, 6, exactly.
    assert mine["methods"][2]["mae"] == pytest.approx(6.0, rel=1e-5)
    # The model fitted on the file backtests it when no data is given.
    assert model.backtest(threads=1, **options) == dict(theirs, files=[])


def test_backtest_writes_its_files_with_out(tmp_path, series_csv):
    model = lstmkit.Forecaster.fit(csv=series_csv, out=tmp_path / "m", verbose=False, **TINY)
    r = model.backtest(start=0.9, stride=6, steps=6, out=str(tmp_path / "bt"), threads=1)
    assert r["files"][0] == str(tmp_path / "bt" / "backtest.csv")
    rows = list(csv.DictReader(open(tmp_path / "bt" / "backtest.csv")))
    assert len(rows) == len(r["origins"]) * 6
    forecasts = np.array([float(row["model"]) for row in rows])
    assert np.all(np.isfinite(forecasts))


def test_backtest_errors_name_the_keyword(tmp_path, series_csv):
    model = lstmkit.Forecaster.fit(csv=series_csv, out=tmp_path / "m", verbose=False, **TINY)
    with pytest.raises(lstmkit.UsageError, match="start"):
        model.backtest(start=1.5)
    with pytest.raises(lstmkit.UsageError, match="start: no origin fits"):
        model.backtest(start=0.9, steps=20)
    with pytest.raises(lstmkit.UsageError, match="stride"):
        model.backtest(stride=0)
    with pytest.raises(lstmkit.UsageError, match="strid"):
        model.backtest(strid=2)


def test_retrain_trains_as_the_cli_does(cli, tmp_path, series_csv, monkeypatch):
    # The model records how it was fitted; retraining at each origin with that record must make the
    # same models as `lstmkit backtest --retrain` on the same checkpoint, so the documents are equal.
    (tmp_path / "scratch").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "scratch"))
    # First differences: after the seasonal ones this series is a constant, which any model gets exactly.
    model = lstmkit.Forecaster.fit(csv=series_csv, out=tmp_path / "m", verbose=False, **dict(TINY, difference=1))
    options = dict(start=0.9, stride=6, steps=6)
    theirs = cli.json("backtest", "--model", str(tmp_path / "m" / "model.safetensors"), "--csv", str(series_csv),
                      "--threads", "1", "--retrain", "--out", str(tmp_path / "cli"),
                      *[arg for k, v in options.items() for arg in ("--" + k, str(v))])
    mine = model.backtest(csv=series_csv, threads=1, retrain=True, **options)
    assert mine.pop("files") == []
    assert mine == theirs
    assert mine["retrain"] is True and mine["forecast"].startswith("retrained at each origin")
    plain = model.backtest(csv=series_csv, threads=1, **options)
    assert plain["methods"][0]["mae"] != mine["methods"][0]["mae"]
    # The retrained models lived in a temporary directory, removed afterwards.
    seen = []
    real = tempfile.TemporaryDirectory

    def spy(*args, **kwargs):
        directory = real(*args, **kwargs)
        seen.append(directory.name)
        return directory

    monkeypatch.setattr(tempfile, "TemporaryDirectory", spy)
    model.backtest(csv=series_csv, threads=1, retrain=True, **options)
    assert len(seen) == 1 and seen[0].startswith(str(tmp_path / "scratch"))
    assert list((tmp_path / "scratch").iterdir()) == []
