"""A small reimplementation of sacreBLEU 2.x's default corpus BLEU and chrF with several references per
sentence, written line by line after sacreBLEU's own code (sacrebleu/tokenizers/tokenizer_13a.py,
tokenizer_re.py, metrics/bleu.py, metrics/chrf.py, metrics/helpers.py), because Debian 12 does not
package sacreBLEU. Used by test_multi_reference_scores.py to check `lstmkit eval` independently of its
C++ code; also importable by the benchmark scripts.

references: one list per hypothesis, holding that sentence's references.
"""
import math
import re
from collections import Counter

# Tokenizer13a = TokenizerRegexp's substitutions after the mteval-v13a unescaping.
_RE_13A = [
    (re.compile(r'([\{-\~\[-\` -\&\(-\+\:-\@\/])'), r' \1 '),
    (re.compile(r'([^0-9])([\.,])'), r'\1 \2 '),
    (re.compile(r'([\.,])([^0-9])'), r' \1 \2'),
    (re.compile(r'([0-9])(-)'), r'\1 \2 '),
]


def tokenize_13a(line):
    line = line.replace('<skipped>', '').replace('-\n', '').replace('\n', ' ')
    if '&' in line:
        line = line.replace('&quot;', '"').replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>')
    line = f' {line} '
    for pattern, repl in _RE_13A:
        line = pattern.sub(repl, line)
    return ' '.join(line.split())


def _word_ngrams(line, max_order=4):
    tokens = line.split()
    counts = Counter()
    for n in range(1, max_order + 1):
        for i in range(len(tokens) - n + 1):
            counts[tuple(tokens[i:i + n])] += 1
    return counts, len(tokens)


def _closest_ref_len(hyp_len, ref_lens):
    closest_diff, closest_len = -1, -1
    for ref_len in ref_lens:
        diff = abs(hyp_len - ref_len)
        if closest_diff == -1 or diff < closest_diff:
            closest_diff, closest_len = diff, ref_len
        elif diff == closest_diff and ref_len < closest_len:
            closest_len = ref_len
    return closest_len


def _bleu_segment(hyp, refs):
    ref_ngrams, ref_lens = None, []
    for ref in refs:
        grams, length = _word_ngrams(tokenize_13a(ref.rstrip()))
        ref_lens.append(length)
        if ref_ngrams is None:
            ref_ngrams = grams
        else:
            for gram, count in grams.items():
                ref_ngrams[gram] = max(ref_ngrams[gram], count)
    hyp_ngrams, hyp_len = _word_ngrams(tokenize_13a(hyp.rstrip()))
    correct, total = [0] * 4, [0] * 4
    for gram, count in hyp_ngrams.items():
        n = len(gram) - 1
        total[n] += count
        if gram in ref_ngrams:
            correct[n] += min(count, ref_ngrams[gram])
    return hyp_len, _closest_ref_len(hyp_len, ref_lens), correct, total


def corpus_bleu(hypotheses, references):
    """(score, precisions, brevity penalty, hyp_len, ref_len) with 'exp' smoothing."""
    sys_len = ref_len = 0
    correct, total = [0] * 4, [0] * 4
    for hyp, refs in zip(hypotheses, references, strict=True):
        h, r, c, t = _bleu_segment(hyp, refs)
        sys_len, ref_len = sys_len + h, ref_len + r
        correct = [a + b for a, b in zip(correct, c)]
        total = [a + b for a, b in zip(total, t)]
    precisions = [0.0] * 4
    bp = 1.0 if sys_len >= ref_len else (math.exp(1 - ref_len / sys_len) if sys_len > 0 else 0.0)
    if not any(correct):
        return 0.0, precisions, bp, sys_len, ref_len
    smooth = 1.0
    for n in range(1, 5):
        if total[n - 1] == 0:
            break
        if correct[n - 1] == 0:
            smooth *= 2
            precisions[n - 1] = 100.0 / (smooth * total[n - 1])
        else:
            precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1]
    score = bp * math.exp(sum(math.log(p) if p > 0 else -9999999999 for p in precisions) / 4)
    return score, precisions, bp, sys_len, ref_len


def _char_ngrams(line, n):
    line = ''.join(line.split())
    return Counter(line[i:i + n] for i in range(len(line) - n + 1))


def _chrf_f(stats, beta=2):
    factor = beta ** 2
    avg_prec = avg_rec = 0.0
    effective = 0
    for i in range(6):
        n_hyp, n_ref, n_match = stats[3 * i:3 * i + 3]
        if n_hyp > 0 and n_ref > 0:
            avg_prec += n_match / n_hyp
            avg_rec += n_match / n_ref
            effective += 1
    if effective == 0:
        return 0.0
    avg_prec, avg_rec = avg_prec / effective, avg_rec / effective
    if avg_prec + avg_rec == 0:
        return 0.0
    return 100 * (1 + factor) * avg_prec * avg_rec / (factor * avg_prec + avg_rec)


def _chrf_segment(hyp, refs):
    hyp_grams = [_char_ngrams(hyp, n) for n in range(1, 7)]
    best, best_f = [], -1.0
    for ref in refs:
        stats = []
        for h, n in zip(hyp_grams, range(1, 7)):
            r = _char_ngrams(ref, n)
            match = sum(min(c, r[g]) for g, c in h.items() if g in r)
            stats += [sum(h.values()) if r else 0, sum(r.values()), match]
        f = _chrf_f(stats)
        if f > best_f:
            best, best_f = stats, f
    return best


def corpus_chrf(hypotheses, references):
    total = [0] * 18
    for hyp, refs in zip(hypotheses, references, strict=True):
        total = [a + b for a, b in zip(total, _chrf_segment(hyp, refs))]
    return _chrf_f(total)
