#!/usr/bin/env python3
"""`lstmkit eval --hypotheses FILE --pairs FILE` against sacrebleu_reference.py (sacreBLEU 2.x's code,
reimplemented): multi-reference corpus BLEU (with its precisions, brevity penalty and lengths) and chrF
on a few hundred seeded random French-like sentences with one to four references each — punctuation,
numbers, apostrophes, U+202F before '!' and '?', accents — their sources interleaved in the file so that
grouping by source is exercised, and exact match counted the same way.

usage: test_multi_reference_scores.py PATH/TO/lstmkit [ignored]
"""
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sacrebleu_reference as ref  # noqa: E402

WORDS = ["le", "la", "chat", "chien", "est", "sur", "tapis", "il", "elle", "a", "mangé", "l'eau", "très",
         "été", "garçon", "3,5", "2024", "10-12", "déjà", "Tom", "n'est", "pas", "ici", "vous", "êtes"]
ENDS = [".", " !", "\u202f!", " ?", "\u202f?", "...", ""]


def sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 9))) + rng.choice(ENDS)


def perturb(rng, text):
    words = text.split(" ")
    for _ in range(rng.randint(0, 3)):
        k = rng.randrange(len(words))
        op = rng.random()
        if op < 0.4:
            words[k] = rng.choice(WORDS)
        elif op < 0.7 and len(words) > 1:
            del words[k]
        else:
            words.insert(k, rng.choice(WORDS))
    return " ".join(words)


def main():
    lstmkit = sys.argv[1]
    rng = random.Random(13)
    groups = [(f"Source {i} {sentence(rng)}", [sentence(rng) for _ in range(rng.randint(1, 4))]) for i in range(300)]
    pairs = [(src, r) for src, refs in groups for r in refs]
    rng.shuffle(pairs)  # a source's translations scattered through the file
    order, refs_of = [], {}
    for src, r in pairs:
        if src not in refs_of:
            order.append(src)
            refs_of[src] = []
        refs_of[src].append(r)
    references = [refs_of[s] for s in order]
    hypotheses = []
    for refs in references:
        pick = rng.random()
        hypotheses.append(rng.choice(refs) if pick < 0.15 else "" if pick < 0.18 else perturb(rng, rng.choice(refs)))

    with tempfile.TemporaryDirectory() as tmp:
        pairs_path, hyp_path = os.path.join(tmp, "pairs.tsv"), os.path.join(tmp, "hyp.txt")
        with open(pairs_path, "w", encoding="utf-8") as f:
            f.writelines(f"{s}\t{t}\n" for s, t in pairs)
        with open(hyp_path, "w", encoding="utf-8") as f:
            f.writelines(h + "\n" for h in hypotheses)
        out = subprocess.run([lstmkit, "eval", "--hypotheses", hyp_path, "--pairs", pairs_path, "--json"],
                             check=True, capture_output=True, text=True).stdout
    got = json.loads(out)
    score, precisions, bp, hyp_len, ref_len = ref.corpus_bleu(hypotheses, references)
    chrf = ref.corpus_chrf(hypotheses, references)
    exact = sum(h in r for h, r in zip(hypotheses, references))
    checks = [
        ("pairs", got["pairs"], len(pairs)),
        ("sources", got["sources"], len(order)),
        ("references", got["references"], len(pairs)),
        ("BLEU", got["bleu"]["score"], score),
        ("brevity penalty", got["bleu"]["brevity_penalty"], bp),
        ("hyp_len", got["bleu"]["hyp_len"], hyp_len),
        ("ref_len", got["bleu"]["ref_len"], ref_len),
        ("chrF", got["chrf"], chrf),
        ("exact match", got["exact_match"]["count"], exact),
    ] + [(f"p{n + 1}", got["bleu"]["precisions"][n], precisions[n]) for n in range(4)]
    failed = [(name, a, b) for name, a, b in checks if abs(a - b) > 1e-9 * max(1.0, abs(b))]
    for name, a, b in checks:
        print(f"{name:16s} lstmkit {a!r:24} reference {b!r}")
    # The single-reference score must differ here, or the multi-reference path would go untested.
    single = ref.corpus_bleu(hypotheses, [r[:1] for r in references])[0]
    if abs(single - score) < 1e-6:
        failed.append(("test data", single, score))
    if not 0 < score < 100 or not 0 < chrf < 100:
        failed.append(("non-trivial scores", score, chrf))
    if failed:
        print("FAILED:", failed)
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
