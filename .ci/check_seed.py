"""Fails unless `tidings extract` cleaned the founding example as the foundation issue asks:
the related link, the Telegram promo and the comment form go; every story sentence stays;
the standfirst is linked to the body sentence it restates."""
import json
import sys

docs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
assert len(docs) == 1, f"expected one seed document, got {len(docs)}"
doc = docs[0]
text = doc["text"]
problems = []

rules = [r["rule"] for r in doc["removed"]]
if rules != ["related-link", "channel-promo", "comment-form"]:
    problems.append(f"removed rules are {rules}")
for gone in ["See also", "Telegram", "Leave a Reply", "Your email address", "Required fields"]:
    if gone in text:
        problems.append(f"{gone!r} is still in the cleaned text")
for kept in [
    "The Russian Foreign Minister said that security talks",
    "Russia denied intending to attack its neighbor",
    "Russia’s top diplomat said on Monday",
    "“With the United States we will conduct most of the negotiations",
    "The holiday in Russia will last for 10 days, until January 9.",
    "Earlier this month, Moscow submitted draft security documents",
    "Washington and its allies refused to make such promises",
    "Russia denied planning to attack its neighbor",
    "Lavrov said last week that in addition to talks",
    "On Saturday, a NATO official said that NATO Secretary-General Jens Stoltenberg",
    "Kremlin spokesman Dmitry Peskov confirmed on Monday",
    "Deputy Defense Minister Alexander Fomin told a press briefing",
    "“NATO has always ignored Russian interests",
]:
    if kept not in text:
        problems.append(f"story text lost: {kept!r}")
repeats = doc["repeats"]
if len(repeats) != 1:
    problems.append(f"expected 1 near-repeat link, got {len(repeats)}")
else:
    r = repeats[0]
    span = text.encode()[r["span"]["start"]:r["span"]["end"]].decode()
    twin = text.encode()[r["twin"]["start"]:r["twin"]["end"]].decode()
    if not span.startswith("Russia denied intending") or not twin.startswith("Russia denied planning"):
        problems.append(f"near-repeat links {span[:40]!r} to {twin[:40]!r}")
if doc.get("published") != "2021-12-27" or doc.get("published_from") != "flag":
    problems.append(f"published {doc.get('published')!r} from {doc.get('published_from')!r}")

if problems:
    print("seed check FAILED:")
    for p in problems:
        print("  -", p)
    sys.exit(1)
print(f"seed check passed: {len(doc['removed'])} removals, {len(repeats)} near-repeat link")
