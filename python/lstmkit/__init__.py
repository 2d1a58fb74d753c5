"""lstmkit for Python: recurrent sequence models on oneDNN, Keras-like.

    import lstmkit
    model = lstmkit.LanguageModel.train(files="input.txt", epochs=5, out="runs/lm")
    print(model.sample(300, temperature=0.8, prime="ROMEO:"))
    print(model.evaluate(text=held_out))        # {'loss': ..., 'bits': ..., 'perplexity': ...}
    model.summary()
    model.save("lm.safetensors")
    again = lstmkit.load("lm.safetensors")

    translator = lstmkit.Translator.train([("I am cold.", "J'ai froid."), ...], epochs=10, out="runs/s2s")
    print(translator.translate(["I am cold."], beam=5))
    print(translator.evaluate(held_out_pairs))  # {'bleu': {...}, 'chrf': ..., 'loss': ...}

Every call runs one of the library's jobs (the same code as the `lstmkit` command), with the GIL
released; Ctrl-C stops it (a training run saves last.safetensors first) and raises KeyboardInterrupt.
Errors are lstmkit.Error (lstmkit.UsageError for a bad argument) with the command's one-line message.
"""
import secrets

from ._lstmkit import Error, UsageError, __version__
from . import _lstmkit
from ._model import Model, train as _train
from .translator import Translator, evaluate_translations
from .forecaster import Forecaster
from .plots import plot

__all__ = ["LanguageModel", "Translator", "evaluate_translations", "Forecaster", "plot", "load", "summary", "vocab", "Error", "UsageError", "__version__"]


class LanguageModel(Model):
    """A character- or word-level language model (checkpoint kind "lm")."""

    kind = "lm"
    _native = _lstmkit.LanguageModel
    #: The seed the last sample() drew with (one drawn at random when it was given none):
    #: sample(..., seed=model.last_sample_seed) draws the same text again.
    last_sample_seed = None

    @classmethod
    def train(cls, text=None, files=None, *, out=None, on_epoch=None, verbose=True, **config):
        """Trains a language model on `text` (a str) or `files` (a path or a list of paths).

        Options are `lstmkit train-lm`'s, spelled as keywords: epochs, hidden, layers, cell, seq_len,
        batch, val_frac, lr, optimizer, dropout, embed, unit, seed, ... Checkpoints, log.csv and
        loss.png go to `out` (a new temporary directory when not given). `on_epoch(dict)` is called after
        every epoch; with `verbose` the run's lines (one per epoch) go to stderr.
        Returns the model with the best validation loss, as `lstmkit sample` would use it.
        """
        model, result, history = _train(_lstmkit.train_lm, dict(config, text=text, files=files), out, on_epoch,
                                        verbose, "lstmkit-lm-")
        return cls(model, history, result)

    def sample(self, n=500, *, temperature=1.0, seed=None, prime="", top_k=0, top_p=1.0, greedy=False,
               allow_unk=False, threads=0):
        """The prime followed by `n` drawn tokens, as `lstmkit sample` prints them. Without a `seed` one is
        drawn at random and kept in `last_sample_seed`."""
        if seed is None:
            seed = secrets.randbits(64)
        self.last_sample_seed = seed
        return self._model.sample(dict(length=n, temperature=temperature, seed=seed, prime=prime, top_k=top_k,
                                       top_p=top_p, greedy=greedy, allow_unk=allow_unk, threads=threads))

    def evaluate(self, text=None, files=None, *, on_invalid="error", threads=0):
        """The exact loss of a text read as one sequence: tokens, loss (nats per token), bits, perplexity."""
        return self._model.evaluate(dict(text=text, files=files, on_invalid=on_invalid, threads=threads))

    @property
    def vocab(self):
        """The tokens, by id (the four specials first)."""
        return self._model.vocab


def load(path, precision="f32"):
    """Any lstmkit checkpoint, as the class of its kind: a LanguageModel ("lm"), a Translator ("s2s") or a
    Forecaster ("ts"). A file that is not an lstmkit model raises lstmkit.Error."""
    kinds = {LanguageModel.kind: LanguageModel, Translator.kind: Translator, Forecaster.kind: Forecaster}
    return kinds[_lstmkit.model_kind(str(path))].load(path, precision)


def summary(input, hidden=256, layers=1, cell="lstm", head=0, return_sequences=False, print_fn=print):
    """Keras' summary of a recurrent stack over `input` features with an optional Dense(head)."""
    table = _lstmkit.stack_summary(dict(input=input, hidden=hidden, layers=layers, cell=cell, head=head,
                                        return_sequences=return_sequences))
    if print_fn is not None:
        print_fn(table["text"].rstrip("\n"))
    return table


def vocab(text=None, files=None, **options):
    """A text's tokens and the vocabulary they give (`lstmkit vocab`): tokens, distinct, vocabulary,
    coverage, top (token, count) pairs. Options: unit, normalize, on_invalid, max_vocab, min_count,
    vocab_size, top."""
    return _lstmkit.vocab(dict(options, text=text, files=files))
