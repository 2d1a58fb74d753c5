"""lstmkit.Translator: an encoder-decoder translator (checkpoint kind "s2s"), trained on sentence pairs."""
from . import _lstmkit
from ._lstmkit import UsageError
from ._model import Model, train


def _tsv(pairs, name):
    """A list of (source, target) pairs as the TSV text `lstmkit train-s2s --pairs` reads."""
    if isinstance(pairs, (str, bytes)):
        raise UsageError(f"lstmkit: error: {name}: must be a list of (source, target) pairs; "
                         f"give a TSV file as {name}_file= (or file=)")
    lines = []
    for number, pair in enumerate(pairs, 1):
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2 and all(isinstance(s, str) for s in pair)):
            raise UsageError(f"lstmkit: error: {name}: item {number} is not a (source, target) pair of str; "
                             "give each pair as a tuple of two strings")
        if any(c in s for s in pair for c in "\t\n\r"):
            raise UsageError(f"lstmkit: error: {name}: pair {number} holds a tab or a line break; "
                             "give each sentence on one line without tabs")
        lines.append(pair[0] + "\t" + pair[1] + "\n")
    return "".join(lines)


def _pairs_arguments(pairs, file, name="pairs"):
    if pairs is not None and file is not None:
        raise UsageError(f"lstmkit: error: {name}: given together with a file; give the pairs or a file")
    return {name: None if pairs is None else _tsv(pairs, name), name + "_file": None if file is None else str(file)}


class Translator(Model):
    """A sequence-to-sequence translator (checkpoint kind "s2s"). Its history's epochs also hold val_bleu
    and val_chrf when the run reports them."""

    kind = "s2s"
    _native = _lstmkit.Translator

    @classmethod
    def train(cls, pairs=None, file=None, *, val_pairs=None, val_file=None, out=None, on_epoch=None, verbose=True,
              **config):
        """Trains a translator on `pairs` (a list of (source, target) str pairs) or `file` (a TSV file).

        Options are `lstmkit train-s2s`'s, spelled as keywords: epochs, hidden, layers, attention, embed,
        bidirectional, unit, vocab_size, batch, val_frac, val_sources, lr, valid_metrics, best_by, seed,
        ... `val_pairs` / `val_file` give validation pairs instead of holding sources out. Checkpoints,
        log.csv and loss.png go to `out` (a new temporary directory when not given). `on_epoch(dict)` is
        called after every epoch; with `verbose` the run's lines go to stderr.
        Returns the best model by the run's criterion, as `lstmkit translate` would use it.
        """
        arguments = dict(config, **_pairs_arguments(pairs, file), **_pairs_arguments(val_pairs, val_file, "val_pairs"))
        model, result, history = train(_lstmkit.train_s2s, arguments, out, on_epoch, verbose, "lstmkit-s2s-")
        return cls(model, history, result)

    def translate(self, sentences, *, beam=5, alpha=1.0, max_len=0, max_len_ratio=3.0, max_len_add=10, batch=64,
                  n_best=1, alignments=False, threads=0):
        """The translations of `sentences` (a list of str, or one str), as `lstmkit translate` prints them.

        Returns a list of str (a str for one str). With `alignments`, each translation is a (text,
        alignment) pair, the alignment as `translate --alignments` writes it ("S-T ..."). With n_best > 1,
        each sentence gives a list of (text, score) pairs (or (text, score, alignment)), best first.
        """
        single = isinstance(sentences, str)
        lines = [sentences] if single else list(sentences)
        found = self._model.translate(lines, dict(beam=beam, alpha=alpha, max_len=max_len, max_len_ratio=max_len_ratio,
                                                  max_len_add=max_len_add, batch=batch, n_best=n_best,
                                                  alignments=alignments, threads=threads))

        def shape(hypotheses):
            if n_best > 1:
                return [(t, s, a) if alignments else (t, s) for t, s, a in hypotheses]
            text, _, alignment = hypotheses[0]
            return (text, alignment) if alignments else text

        shaped = [shape(h) for h in found]
        return shaped[0] if single else shaped

    def evaluate(self, pairs=None, file=None, *, beam=1, alpha=1.0, max_len=0, max_len_ratio=3.0, max_len_add=10,
                 batch=64, on_invalid="error", threads=0):
        """`lstmkit eval --pairs --json`'s numbers on `pairs` (a list of (source, reference)) or `file`:
        pairs, targets, loss (nats per target token), perplexity, bleu, chrf, exact_match, sources,
        references and decoding. Each distinct source is translated once and scored against all its
        references."""
        return self._model.evaluate(dict(_pairs_arguments(pairs, file), beam=beam, alpha=alpha, max_len=max_len,
                                         max_len_ratio=max_len_ratio, max_len_add=max_len_add, batch=batch,
                                         on_invalid=on_invalid, threads=threads))

    @property
    def source_vocab(self):
        """The source tokens, by id (the four specials first)."""
        return self._model.source_vocab

    @property
    def target_vocab(self):
        return self._model.target_vocab


def evaluate_translations(hypotheses, pairs=None, file=None, *, on_invalid="error"):
    """`lstmkit eval --hypotheses --json`: another program's translations (one per distinct source of the
    pairs, in the order the sources first appear) scored as a Translator's are."""
    return _lstmkit.evaluate_translations(list(hypotheses), dict(_pairs_arguments(pairs, file), on_invalid=on_invalid))
