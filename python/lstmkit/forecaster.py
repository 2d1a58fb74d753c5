"""lstmkit.Forecaster: a time-series model (checkpoint kind "ts") in the shape of Keras and Darts.

    f = lstmkit.Forecaster.fit(series=y, window=80, hidden=300, epochs=50, out="runs/sine")
    f.forecast(200)               # numpy [200]: the closed loop past the end of y
    f.predict(windows)            # numpy [N, O]: one prediction per window [N, T, F]
    f.evaluate(series=y_test)     # one-step errors next to persistence
"""
import os
import tempfile

import numpy as np

from . import _lstmkit
from ._model import Model, train


def _time_text(values):
    """numpy datetime64 as the ISO 8601 text the library reads: dates when every time is a midnight (or the
    unit is months or years), else to the second; NaT is a missing time."""
    unit = np.datetime_data(values.dtype)[0]
    missing = np.isnat(values)
    if unit not in ("Y", "M", "D"):
        unit = "D" if np.all((values.astype("datetime64[D]") == values) | missing) else "s"
    text = np.datetime_as_string(values, unit=unit).astype(object)
    text[missing] = ""
    return text


def _source(series, columns, csv, synthetic):
    """The data keywords of the library's calls. Arrays go to the library as they are (it checks their
    dtype, shape and lengths, naming the keyword), but for datetime64 columns, given as their ISO text."""
    given = [name for name, value in (("series", series), ("columns", columns), ("csv", csv), ("synthetic", synthetic))
             if value is not None]
    if len(given) > 1:
        raise _lstmkit.UsageError(f"lstmkit: error: {given[0]}: cannot be combined with {given[1]}; give the data once")
    if series is not None:
        return {"series": series}
    if columns is not None:
        if isinstance(columns, dict):
            columns = {name: _time_text(values) if getattr(values, "dtype", None) is not None and values.dtype.kind == "M"
                       else values for name, values in columns.items()}
        return {"columns": columns}
    if csv is not None:
        return {"csv": os.fspath(csv)}
    if synthetic is not None:
        return {"synthetic": synthetic}
    return {}


def _closed_loop(r, return_quantiles):
    """The closed loop of one series' forecast dict: values [steps] for one target ([steps, O] for several),
    with its quantiles when asked."""
    values, quantiles = r["closed_loop"], r["closed_loop_quantiles"]
    if values.shape[1] == 1:
        values = values[:, 0]
        quantiles = None if quantiles is None else quantiles[:, :, 0]
    if return_quantiles:
        if quantiles is None:
            raise _lstmkit.UsageError("lstmkit: error: return_quantiles: the model predicts no quantiles; "
                                      "fit it with quantiles=[0.1, 0.5, 0.9]")
        return values, quantiles
    return values


class Forecaster(Model):
    """A recurrent model of a series: fitted on windows of it, forecasting one step or many."""

    kind = "ts"
    _native = _lstmkit.Forecaster

    def __init__(self, model, history=None, result=None, data=None):
        super().__init__(model, history, result)
        # The data keywords the model was fitted on (arrays kept: a checkpoint holds only their
        # fingerprint): its own data for forecast().
        self._data = data

    @classmethod
    def fit(cls, series=None, *, columns=None, csv=None, synthetic=None, window=80, out=None, on_epoch=None,
            verbose=True, **config):
        """Trains a model on a series: `series` (numpy [T], or [T, F] as columns column0, ...), `columns`
        (a dict name → array), `csv` (a file) or `synthetic` (a generator: sine, damped, ...).

        Options are `lstmkit train-ts`'s, spelled as keywords: target, features, hidden, layers, cell,
        epochs, batch, lr, optimizer, patience, val_frac, horizon, output_steps, quantiles, log,
        difference, detrend, seed, ... with its defaults (LSTM(50), RMSprop 1e-3, early stopping). As in
        a CSV file the target is the last column and the features are the target alone unless given.
        Checkpoints, log.csv and loss.png go to `out` (a new temporary directory when not given).
        `on_epoch(dict)` is called after every epoch; with `verbose` the run's lines go to stderr.
        Returns the model with the best validation loss.
        """
        keywords = _source(series, columns, csv, synthetic)
        for name in ("target", "features"):
            if name in config:
                keywords[name] = config.pop(name)
        model, result, history = train(_lstmkit.train_ts, dict(config, window=window, **keywords), out, on_epoch,
                                       verbose, "lstmkit-ts-")
        return cls(model, history, result, keywords)

    def _run(self, job, series, columns, csv, synthetic, options):
        keywords = _source(series, columns, csv, synthetic)
        if not keywords and self._data is not None:
            keywords = dict(self._data)
        return job(dict(options, **keywords))

    def forecast(self, steps, series=None, *, columns=None, csv=None, synthetic=None, return_quantiles=False,
                 series_id=None, **options):
        """`steps` values past the end of the series (the one fitted on unless another is given): the
        closed loop, each prediction fed back as input (a multi-step head's S at a time).

        Returns numpy [steps] for one target, [steps, O] for several; with `return_quantiles` and a
        quantile head, also its quantiles [steps, Q] (or [steps, Q, O]). A quantile head's closed loop
        runs `samples` sample paths (200 unless given; 0 or 1 feeds back the median), each feeding back
        draws from its own predicted quantiles, seeded by `sample_seed`: the values and quantiles are the
        paths' median and quantiles, a band that widens with the horizon. Options: samples, sample_seed,
        seed (of a synthetic series), batch, threads.

        A model of several series (fitted on a CSV file with series_column=, train-ts's --series-column)
        forecasts each series in its own units: a dict id → values (or (values, quantiles)), or with
        `series_id` that series' alone. (`series` is the data, as everywhere here; `series_id` names one
        series of it.)
        """
        if series_id is not None:
            options = dict(options, series_id=series_id)
        r = self._run(self._model.forecast, series, columns, csv, synthetic, dict(options, steps=steps))
        if "series" not in r:
            return _closed_loop(r, return_quantiles)
        loops = {sid: _closed_loop(one, return_quantiles) for sid, one in r["series"].items()}
        return loops[series_id] if series_id is not None else loops

    def evaluate(self, series=None, *, columns=None, csv=None, synthetic=None, season=0, series_id=None, **options):
        """One-step predictions of every window of the series, scored next to persistence (and the
        seasonal naive forecast with `season`) as `lstmkit forecast` scores them: a dict with the
        predicted `rows`, `one_step` predictions [P, O], per target the error rows (part, predictor,
        count, rmse, mae, mape), and the `report` `lstmkit forecast` prints. On the data fitted on, the
        parts are its training and validation rows. A model of several series scores each series in its
        own units: the dict's `series` holds each one's rows, one_step and errors by id (only
        `series_id`'s when given), and `report` all of them."""
        if series_id is not None:
            options = dict(options, series_id=series_id)
        return self._run(self._model.forecast, series, columns, csv, synthetic, dict(options, season=season))

    def backtest(self, series=None, *, columns=None, csv=None, synthetic=None, start=0.8, stride=1, steps=1, season=0,
                 series_id=None, retrain=False, **options):
        """Rolling-origin evaluation as `lstmkit backtest --json` reports it: from every origin (the
        first at fraction `start` of the series, then every `stride` rows) the model forecasts `steps`
        values from the rows before the origin alone, scored in the data's units next to the naive
        baselines (seasonal naive with `season`). With `retrain`, a new model is first trained on those
        rows alone, as this one was fitted (the same settings, in a temporary directory), and forecasts
        from there. Returns a dict: target, origins, steps, stride, season,
        retrain, forecast (how the model forecast), methods (name, count, mae, rmse, mape, smape, mase;
        None where undefined) and files (backtest.csv and .png, written with out=). Options: out, seed
        (of a synthetic series), threads. A model of several series is backtested per series: `methods`
        are then the overall rows and `series` a list of each series' own dict with its `id` (only
        `series_id`'s when given)."""
        if series_id is not None:
            options = dict(options, series_id=series_id)
        options = dict(options, start=start, stride=stride, steps=steps, season=season)
        if not retrain:
            return self._run(self._model.backtest, series, columns, csv, synthetic, options)
        with tempfile.TemporaryDirectory(prefix="lstmkit-retrain-") as scratch:
            return self._run(self._model.backtest, series, columns, csv, synthetic, dict(options, retrain_out=scratch))

    def predict(self, x, *, threads=0):
        """Predictions for windows `x` [N, T, F] in the data's units ([N, T] for a model of one
        feature): numpy [N, O], or [N, S, O] for a multi-step head."""
        x = np.asarray(x, dtype=np.float32)
        if x.ndim == 2 and len(self.features) == 1:
            x = x[:, :, None]
        return self._model.predict(x, threads)

    @property
    def features(self):
        return self._model.features

    @property
    def targets(self):
        return self._model.targets

    @property
    def window(self):
        return self._model.window
