"""What the package's model classes share: the run that trained them, and their summary, checkpoint,
weights and config."""
import json
import os
import sys
import tempfile


def print_note(line):
    print(line, file=sys.stderr, flush=True)


def train(job, arguments, out, on_epoch, verbose, prefix):
    """Runs the extension's training `job` on `arguments`, its files in `out` (when None, a new temporary
    directory named from `prefix`), calling `on_epoch(dict)` after each epoch and printing the run's lines
    on stderr when `verbose`. Returns (the native model, the run's result, one dict per epoch)."""
    if out is None:
        out = tempfile.mkdtemp(prefix=prefix)
    history = []

    def epoch_done(info):
        history.append(info)
        if on_epoch is not None:
            on_epoch(dict(info))

    model, result = job(dict(arguments, out=os.fspath(out)), epoch_done, print_note if verbose else None)
    return model, result, history


class Model:
    """The part every model class shares; `kind` is its checkpoint's kind and `_native` the extension's
    class that loads it."""

    kind = None
    _native = None

    def __init__(self, model, history=None, result=None):
        self._model = model
        #: One dict per epoch of the training run that made this model (epoch, loss, val_loss, ...).
        self.history = history or []
        #: How that run ended: outcome, epochs, steps, best_val_loss, best_model (its checkpoint).
        self.result = result or {}

    def summary(self, print_fn=print):
        """Prints the layers with Keras' parameter counts (and PyTorch's total); returns them as a dict."""
        table = self._model.summary()
        if print_fn is not None:
            print_fn(table["text"].rstrip("\n"))
        return table

    def save(self, path):
        """Writes the model as a safetensors checkpoint that the `lstmkit` commands and PyTorch read."""
        self._model.save(os.fspath(path))

    def weights(self):
        """The parameters by their PyTorch names, as numpy arrays (copies)."""
        return self._model.weights()

    @property
    def config(self):
        return json.loads(self._model.config_json)

    @classmethod
    def load(cls, path, precision="f32"):
        return cls(cls._native.load(os.fspath(path), precision))
