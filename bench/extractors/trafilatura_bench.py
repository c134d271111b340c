#!/usr/bin/env python3
"""Python trafilatura (reference) on the WCXB dev split, one thread.

Writes one JSON line per page: {"id", "text", "title", "author", "published", "seconds"},
to be scored by the Rust harness so the metric is identical:

    python3 trafilatura_bench.py [DATA_DIR] > /tmp/trafilatura.jsonl
    cargo run --release -- --predictions /tmp/trafilatura.jsonl --name "trafilatura (Python)"

Pages are decompressed into memory first; only the extraction calls are timed ("seconds", thread CPU time, as the Rust harness).
"""
import gzip
import json
import sys
import time
from pathlib import Path

import trafilatura

here = Path(__file__).resolve().parent
data = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "../../../shared/data/extraction/wcxb-dev"
pages = []
for path in sorted((data / "html").glob("*.html.gz")):
    page_id = path.name[: -len(".html.gz")]
    gold = json.loads((data / "ground-truth" / f"{page_id}.json").read_text(encoding="utf-8"))
    html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    pages.append((page_id, gold.get("url"), html))

for page_id, url, html in pages:
    start = time.thread_time()
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    text = None
    meta = {}
    if doc is not None:
        d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        text = d.get("text")
        meta = {"title": d.get("title"), "author": d.get("author"), "published": d.get("date")}
    seconds = time.thread_time() - start
    print(json.dumps({"id": page_id, "text": text or "", **meta, "seconds": seconds}, ensure_ascii=False))
