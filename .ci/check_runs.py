"""Fails unless the first `tidings run` over examples/ stored every article and the second,
over the same input, stored nothing new and reported every article as a duplicate."""
import json
import sys

first = json.load(open(sys.argv[1], encoding="utf-8"))
second = json.load(open(sys.argv[2], encoding="utf-8"))
problems = []
if first["failed"] != 0 or first["stored"] == 0:
    problems.append(f"first run: stored {first['stored']}, failed {first['failed']}: {first.get('failures')}")
if second["stored"] != 0:
    problems.append(f"second run stored {second['stored']} articles again")
if second["duplicates"] != first["stored"] + first["duplicates"]:
    problems.append(f"second run saw {second['duplicates']} duplicates, expected {first['stored'] + first['duplicates']}")
if problems:
    print("run check FAILED:")
    for p in problems:
        print("  -", p)
    sys.exit(1)
print(f"run check passed: {first['stored']} stored, then {second['duplicates']} duplicates and nothing new")
