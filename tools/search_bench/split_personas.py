"""Split each persona query set once, deterministically, into a tuning half and a frozen half.

    python tools/search_bench/split_personas.py          # (re)write the halves of both generations
    python tools/search_bench/split_personas.py --check  # exit 1 if a half differs from the split

Two generations (issue 21):
- v1: personas.yaml → personas_tuning.yaml + personas_frozen.yaml. Its frozen half is RETIRED:
  it was read about 16 times in aggregate while tuning, so it now counts as tuning data
  (tools/search_bench/quality.py measures it with the tuning sets);
- v2: personas_v2.yaml (written before any run of the engine) → personas_v2_tuning.yaml +
  personas_v2_frozen.yaml, the frozen half that is measured and never tuned on.

A query goes to the frozen half when the first byte of SHA-256(SEED + query text) is odd, with one
seed per generation. The split depends only on the text of each query: adding a query never moves
another one, so a frozen half stays frozen.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SET_DIR = ROOT / "tests" / "search_quality"
# Generation 1 (names kept: tests and older notes refer to them).
MASTER = SET_DIR / "personas.yaml"
TUNING = SET_DIR / "personas_tuning.yaml"
FROZEN = SET_DIR / "personas_frozen.yaml"
SEED = "miviludes-issue-21-personas-v1\0"
# Generation 2: the held-out set that replaces the retired frozen half of generation 1.
MASTER_V2 = SET_DIR / "personas_v2.yaml"
TUNING_V2 = SET_DIR / "personas_v2_tuning.yaml"
FROZEN_V2 = SET_DIR / "personas_v2_frozen.yaml"
SEED_V2 = "miviludes-issue-21-personas-v2\0"

HEADERS = {
    "v1": {
        "tuning": (
            "# TUNING half of the persona query set (issue 21). Generated from personas.yaml by\n"
            "# tools/search_bench/split_personas.py (seeded SHA-256 of the query text); do not edit by hand.\n"
            "# This half may be looked at while tuning the search engine.\n"
        ),
        "frozen": (
            "# RETIRED frozen half of the first persona query set (issue 21). Generated from personas.yaml\n"
            "# by tools/search_bench/split_personas.py (seeded SHA-256 of the query text); do not edit by hand.\n"
            "#\n"
            "# It was measured, and so read, about 16 times in aggregate while the engine was tuned: it is no\n"
            "# longer held out and now counts as tuning data. The frozen set is personas_v2_frozen.yaml.\n"
        ),
    },
    "v2": {
        "tuning": (
            "# TUNING half of the second persona query set (issue 21). Generated from personas_v2.yaml by\n"
            "# tools/search_bench/split_personas.py (seeded SHA-256 of the query text); do not edit by hand.\n"
            "# This half may be looked at while tuning the search engine.\n"
        ),
        "frozen": (
            "# FROZEN half of the second persona query set (issue 21). Generated from personas_v2.yaml by\n"
            "# tools/search_bench/split_personas.py (seeded SHA-256 of the query text); do not edit by hand.\n"
            "#\n"
            "# NEVER TUNE ON IT. NEVER USE THIS HALF FOR TUNING: do not read its queries or its failures to\n"
            "# choose synonyms, weights or rules. It only measures. A change that raises the tuning sets and\n"
            "# lowers this one is rejected.\n"
        ),
    },
}


def generations() -> list[tuple[str, Path, Path, Path, str]]:
    """(name, master, tuning half, frozen half, seed) for each generation, read from the module
    globals at call time (the tests point them to temporary files)."""
    return [("v1", MASTER, TUNING, FROZEN, SEED), ("v2", MASTER_V2, TUNING_V2, FROZEN_V2, SEED_V2)]


def half_of(query: str, seed: str = SEED) -> str:
    """'frozen' or 'tuning' for a query text (stable across runs, machines and Python versions)."""
    digest = hashlib.sha256((seed + query).encode("utf-8")).digest()
    return "frozen" if digest[0] & 1 else "tuning"


def _entry_line(entry: dict) -> str:
    # One flow mapping a line, like the master file; json.dumps gives a valid YAML double-quoted scalar.
    expected = entry["expected"]
    expected = [expected] if isinstance(expected, str) else list(expected)
    return ("  - {persona: %s, q: %s, expected: [%s]}"
            % (entry.get("persona", "public"), json.dumps(str(entry["q"]), ensure_ascii=False),
               ", ".join(expected)))


def render(master: Path = MASTER, seed: str = SEED, generation: str = "v1") -> dict[str, str]:
    data = yaml.safe_load(master.read_text(encoding="utf-8"))
    lines = {"tuning": [], "frozen": []}
    for entry in data["queries"]:
        lines[half_of(str(entry["q"]), seed)].append(_entry_line(entry))
    headers = HEADERS[generation]
    return {half: headers[half] + "queries:\n" + "\n".join(rows) + "\n" for half, rows in lines.items()}


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="vérifier sans écrire")
    args = parser.parse_args(argv)
    stale, written = [], []
    for name, master, tuning, frozen, seed in generations():
        texts = render(master, seed, name)
        for half, path in (("tuning", tuning), ("frozen", frozen)):
            if args.check:
                if not path.exists() or path.read_text(encoding="utf-8") != texts[half]:
                    stale.append(_shown(path))
            else:
                path.write_text(texts[half], encoding="utf-8")
                written.append(f"{_shown(path)} : {texts[half].count(chr(10) + '  - ')} requêtes")
    if stale:
        print("à régénérer : " + ", ".join(stale) + " — lancez python tools/search_bench/split_personas.py",
              file=sys.stderr)
        return 1
    for line in written:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
