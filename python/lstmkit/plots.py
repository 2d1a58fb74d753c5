"""lstmkit.plot: curves gathered in Python drawn as lstmkit draws its own (gnuplot, a PNG with an SVG twin)."""
import os

from . import _lstmkit


def plot(path, lines, *, title="", x_label="", y_label="", log_y=False):
    """Draws `lines` ({name: ys} or {name: (xs, ys)}, xs 1, 2, ... when left out) into the PNG file `path`.
    Returns the path, or None when gnuplot is not installed."""
    triples = []
    for name, values in lines.items():
        xs, ys = values if isinstance(values, tuple) else (range(1, len(values) + 1), values)
        triples.append((str(name), [float(x) for x in xs], [float(y) for y in ys]))
    return _lstmkit.plot_lines(os.fspath(path), triples, title, x_label, y_label, log_y)
