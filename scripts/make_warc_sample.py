#!/usr/bin/env python3
"""Builds a CC-NEWS-like WARC.gz from the WCXB dev pages, for measuring `tidings run`.

Each record is one gzip member (as CC-NEWS publishes them): a `warcinfo` record, then
`response` records wrapping the decompressed pages with an HTTP 200 header, their URLs taken
from the ground-truth JSONs (`?copy=N` is added when pages repeat, so URLs stay distinct).
Standard library only.

    python3 scripts/make_warc_sample.py --count 5000 --out /tmp/sample.warc.gz
"""

import argparse
import gzip
import json
import pathlib
import uuid

DEFAULT_GOLD = "/work/shared/data/extraction/wcxb-dev"


def record(headers, block):
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=DEFAULT_GOLD, help="WCXB directory (html/, ground-truth/)")
    parser.add_argument("--count", type=int, default=5000, help="response records to write")
    parser.add_argument("--out", required=True, help="output .warc.gz")
    args = parser.parse_args()

    gold = pathlib.Path(args.gold)
    pages = sorted((gold / "html").glob("*.html.gz"))
    if not pages:
        raise SystemExit(f"no pages under {gold / 'html'}")
    date = "2025-09-05T12:00:00Z"
    with open(args.out, "wb") as out:
        info = b"software: make_warc_sample.py\r\nformat: WARC File Format 1.0\r\n"
        out.write(gzip.compress(record(
            [("WARC-Type", "warcinfo"), ("WARC-Date", date),
             ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"),
             ("Content-Type", "application/warc-fields")], info), 6))
        for i in range(args.count):
            page = pages[i % len(pages)]
            stem = page.name.split(".")[0]
            truth = json.loads((gold / "ground-truth" / f"{stem}.json").read_text())
            url = truth.get("url") or f"https://example.com/{stem}"
            copy = i // len(pages)
            if copy:
                url += ("&" if "?" in url else "?") + f"copy={copy}"
            body = gzip.decompress(page.read_bytes())
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            out.write(gzip.compress(record(
                [("WARC-Type", "response"), ("WARC-Date", date),
                 ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"),
                 ("WARC-Target-URI", url),
                 ("Content-Type", "application/http; msgtype=response")], http), 6))


if __name__ == "__main__":
    main()
