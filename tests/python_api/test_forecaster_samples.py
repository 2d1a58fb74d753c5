"""Forecaster.forecast's sample paths (samples=, sample_seed=) against `lstmkit forecast --samples
--sample-seed`: the same quantiles for the same model, data and seed; a quantile model draws 200 paths
unless told otherwise; samples=0 feeds back the median; bad values are refused by keyword."""
import csv

import numpy as np
import pytest

import lstmkit

TINY = dict(window=8, hidden=4, epochs=3, batch=16, seed=3, threads=1)


def random_walk_csv(path, rows=150):
    steps = np.random.default_rng(5).standard_normal(rows)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["value"])
        for v in np.cumsum(steps):
            w.writerow(["%.9g" % v])
    return path


def cli_band(forecast_csv, steps):
    with open(forecast_csv) as f:
        rows = list(csv.DictReader(f))[-steps:]
    return np.array([[float(r["value_q%s" % q]) for q in ("0.1", "0.5", "0.9")] for r in rows], dtype=np.float32)


def test_sample_paths_are_seeded_and_the_same_as_the_cli(cli, tmp_path):
    data = random_walk_csv(tmp_path / "walk.csv")
    model = lstmkit.Forecaster.fit(csv=data, difference=1, quantiles=[0.1, 0.5, 0.9], out=tmp_path / "m",
                                   verbose=False, **TINY)
    values, band = model.forecast(12, samples=64, sample_seed=4, return_quantiles=True)
    assert band.shape == (12, 3)
    np.testing.assert_array_equal(values, band[:, 1])
    np.testing.assert_array_equal(band, model.forecast(12, samples=64, sample_seed=4, return_quantiles=True)[1])
    assert not np.array_equal(band, model.forecast(12, samples=64, sample_seed=5, return_quantiles=True)[1])
    # A differenced path accumulates its draws: its band widens, the median loop's stays one step wide.
    width = band[:, 2] - band[:, 0]
    assert width[-1] > 1.5 * width[0]
    _, flat = model.forecast(12, samples=0, return_quantiles=True)
    flat_width = flat[:, 2] - flat[:, 0]
    assert flat_width[-1] < 1.5 * flat_width[0]
    # 200 paths by default.
    np.testing.assert_array_equal(model.forecast(12), model.forecast(12, samples=200))

    cli.run("forecast", "--model", str(tmp_path / "m" / "model.safetensors"), "--csv", str(data), "--steps", "12",
            "--samples", "64", "--sample-seed", "4", "--out", str(tmp_path / "fc"), "--threads", "1")
    np.testing.assert_allclose(band, cli_band(tmp_path / "fc" / "forecast.csv", 12), rtol=1e-5, atol=1e-5)


def test_bad_sample_counts_are_refused_by_keyword(tmp_path):
    data = random_walk_csv(tmp_path / "walk.csv")
    plain = lstmkit.Forecaster.fit(csv=data, out=tmp_path / "p", verbose=False, **TINY)
    with pytest.raises(lstmkit.UsageError, match="samples: the model predicts no distribution"):
        plain.forecast(5, samples=10)
    np.testing.assert_array_equal(plain.forecast(5, samples=0), plain.forecast(5))
    with pytest.raises(lstmkit.UsageError, match="samples: must be at least 0"):
        plain.forecast(5, samples=-1)
    with pytest.raises(lstmkit.UsageError, match="samples: must be at most 10000"):
        plain.forecast(5, samples=10001)
