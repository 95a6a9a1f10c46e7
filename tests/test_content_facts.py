"""Facts on the site's content, compared with the fact base (``../shared/facts.md``).

The site informs people who may be in danger: every figure, phone number, year or article number
it publishes must come from the shared fact base or the seed summary of the 2013-2014 report. The
fact base is an editorial file beside the project, so these comparisons stay tests.

Every other content rule (front matter, related pages, sources, contacts, headings, length,
placeholders…) lives in the content checks shared by `make check`, the build and the web editor
(plugins/content_schema/schema.py and rules.py, CONTRIBUTING.md « Règles et recommandations »),
tested on fixture files in tests/plugins/test_content_schema.py and tests/plugins/test_content_rules.py.

Standard library + PyYAML only.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"


def _shared() -> Path:
    """The fact base's folder: $FACT_BASE_DIR, else shared/ beside the repository (or beside the folder
    holding it: git worktrees), as plugins/fact_base.py finds it."""
    candidates = [Path(os.environ["FACT_BASE_DIR"])] if os.environ.get("FACT_BASE_DIR") else []
    candidates += [REPO.parent / "shared", REPO.parent.parent / "shared"]
    return next((c for c in candidates if (c / "facts.md").is_file()), REPO.parent / "shared")


SHARED = _shared()
FACTS = SHARED / "facts.md"
SEED = SHARED / "seed" / "miviludes-rapport-2013-2014-resume.txt"
SECTIONS = ("fiches", "prevention", "rapports", "pages")

# A number: a run of digits, optionally followed by further groups of 1 to 3 digits separated by
# one space (normal, non-breaking or narrow non-breaking), so that "2 391" -> "2391",
# "0 800 005 696" -> "0800005696" and "03 20 57 26 77" -> "0320572677". The fact base also writes
# English thousands ("2,400", "375,000"), joined the same way. An optional "%" makes a percentage.
NUMBER_RE = re.compile(r"\d+(?:(?:[ \u00a0\u202f]\d{1,3}|,\d{3})(?!\d))*(?:[ \u00a0\u202f]?%)?")


def normalise_number(raw: str) -> str:
    return re.sub(r"[ \u00a0\u202f,]", "", raw)


def numbers_in(text: str) -> set[str]:
    return {normalise_number(m.group(0)) for m in NUMBER_RE.finditer(text)}


def must_be_sourced(number: str) -> bool:
    """3+ digits (years, phone numbers, amounts, article numbers) or any percentage."""
    return number.endswith("%") or len(number) >= 3


def split_front_matter(text: str) -> tuple[dict, str]:
    match = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n(.*)\Z", text, re.DOTALL)
    assert match, "no YAML front matter between '---' lines at the top of the file"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict), "the front matter is not a YAML mapping"
    return meta, match.group(2)


def content_files() -> list[Path]:
    files: list[Path] = []
    for section in SECTIONS:
        files.extend(sorted((CONTENT / section).glob("**/*.md")))
    return files


FILES = content_files()
IDS = [str(p.relative_to(CONTENT)) for p in FILES]


@lru_cache(maxsize=None)
def parsed(path: Path) -> tuple[dict, str]:
    return split_front_matter(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def sourced_numbers() -> frozenset[str]:
    """Numbers the fact base allows.

    Table rows of facts.md whose figures are marked CHECK (sources disagree) are left out:
    their figures may not be published.
    """
    if not FACTS.exists() or not SEED.exists():
        pytest.skip(f"fact base not found (expected {FACTS} and {SEED})")
    lines = [
        line for line in FACTS.read_text(encoding="utf-8").splitlines()
        if not (line.lstrip().startswith("|") and "CHECK" in line)
    ]
    text = "\n".join(lines) + "\n" + SEED.read_text(encoding="utf-8")
    return frozenset(numbers_in(text))


# --- collection ----------------------------------------------------------------------------


def test_fact_base_found():
    if not FACTS.exists():
        pytest.skip(f"fact base not found at {FACTS}")
    assert SEED.exists(), f"seed not found at {SEED}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_number_is_sourced(path):
    allowed = sourced_numbers()
    meta, body = parsed(path)
    text = "\n".join([str(meta.get("summary", "")), body])
    unsourced = sorted(n for n in numbers_in(text) if must_be_sourced(n) and n not in allowed)
    assert not unsourced, f"numbers not found in facts.md or the seed: {unsourced}"


# Wording that the fact base's « Not to use » section forbids.
FORBIDDEN = {r"neuf crit[eè]res": "facts.md, « Not to use »: the indicators are not « neuf critères »"}


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_wording_the_fact_base_forbids(path):
    meta, body = parsed(path)
    text = "\n".join([str(meta.get("title", "")), str(meta.get("summary", "")), body])
    for pattern, why in FORBIDDEN.items():
        assert not re.search(pattern, text, re.IGNORECASE), why


def test_number_normalisation():
    assert numbers_in("2 391 saisines") == {"2391"}
    assert numbers_in("le 0 800 005 696") == {"0800005696"}
    assert numbers_in("le 116\u00a0006") == {"116006"}
    assert numbers_in("39 % et 40\u202f%") == {"39%", "40%"}
    assert numbers_in("€375,000") == {"375000"}
    assert numbers_in("03 20 57 26 77") == {"0320572677"}
    assert numbers_in("article 223-15-2") == {"223", "15", "2"}
