"""Split the persona query set once, deterministically, into a tuning half and a frozen half.

    python tools/search_bench/split_personas.py          # (re)write the two halves
    python tools/search_bench/split_personas.py --check  # exit 1 if the halves differ from the split

A query goes to the frozen half when the first byte of SHA-256(SEED + query text) is odd. The
split depends only on the text of each query: adding a query never moves another one, so the
frozen half stays frozen. The frozen half must never be used for tuning the engine.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SET_DIR = ROOT / "tests" / "search_quality"
MASTER = SET_DIR / "personas.yaml"
TUNING = SET_DIR / "personas_tuning.yaml"
FROZEN = SET_DIR / "personas_frozen.yaml"
SEED = "miviludes-issue-21-personas-v1\0"

HEADERS = {
    "tuning": (
        "# TUNING half of the persona query set (issue 21). Generated from personas.yaml by\n"
        "# tools/search_bench/split_personas.py (seeded SHA-256 of the query text); do not edit by hand.\n"
        "# This half may be looked at while tuning the search engine.\n"
    ),
    "frozen": (
        "# FROZEN half of the persona query set (issue 21). Generated from personas.yaml by\n"
        "# tools/search_bench/split_personas.py (seeded SHA-256 of the query text); do not edit by hand.\n"
        "#\n"
        "# NEVER USE THIS HALF FOR TUNING: do not read its failures to choose synonyms, weights or\n"
        "# rules. It only measures. A change that raises the tuning half and lowers this one is rejected.\n"
    ),
}


def half_of(query: str) -> str:
    """'frozen' or 'tuning' for a query text (stable across runs, machines and Python versions)."""
    digest = hashlib.sha256((SEED + query).encode("utf-8")).digest()
    return "frozen" if digest[0] & 1 else "tuning"


def _entry_line(entry: dict) -> str:
    # One flow mapping a line, like the master file; json.dumps gives a valid YAML double-quoted scalar.
    import json

    expected = entry["expected"]
    expected = [expected] if isinstance(expected, str) else list(expected)
    return ("  - {persona: %s, q: %s, expected: [%s]}"
            % (entry.get("persona", "public"), json.dumps(str(entry["q"]), ensure_ascii=False),
               ", ".join(expected)))


def render(master: Path = MASTER) -> dict[str, str]:
    data = yaml.safe_load(master.read_text(encoding="utf-8"))
    lines = {"tuning": [], "frozen": []}
    for entry in data["queries"]:
        lines[half_of(str(entry["q"]))].append(_entry_line(entry))
    return {half: HEADERS[half] + "queries:\n" + "\n".join(rows) + "\n" for half, rows in lines.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="vérifier sans écrire")
    args = parser.parse_args(argv)
    texts = render()
    targets = {"tuning": TUNING, "frozen": FROZEN}
    if args.check:
        stale = [str(p.relative_to(ROOT)) for half, p in targets.items()
                 if not p.exists() or p.read_text(encoding="utf-8") != texts[half]]
        if stale:
            print("à régénérer : " + ", ".join(stale) + " — lancez python tools/search_bench/split_personas.py",
                  file=sys.stderr)
            return 1
        return 0
    for half, path in targets.items():
        path.write_text(texts[half], encoding="utf-8")
        print(f"{path.relative_to(ROOT)} : {texts[half].count(chr(10) + '  - ')} requêtes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
