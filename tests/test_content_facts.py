"""Facts on the site's content, compared with the fact base (``../shared/facts.md``).

The site informs people who may be in danger: every figure, phone number, year or article number
it publishes must come from the shared fact base or the seed summary of the 2013-2014 report. The
fact base is an editorial file beside the project, so these comparisons stay tests.

Every other content rule (front matter, related pages, sources, contacts, headings, length,
placeholders…) lives in the content checks shared by `make check`, the build and the web editor
(plugins/common/rules/schema.py, plugins/content_schema/rules.py, CONTRIBUTING.md « Règles et recommandations »),
tested on fixture files in tests/plugins/test_content_schema.py and tests/plugins/test_content_rules.py.

Standard library + PyYAML only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from fact_base import SEED_NAME, require_fact_base

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
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
    shared = require_fact_base()
    facts, seed = shared / "facts.md", shared / "seed" / SEED_NAME
    assert seed.exists(), f"seed not found at {seed}"
    lines = [
        line for line in facts.read_text(encoding="utf-8").splitlines()
        if not (line.lstrip().startswith("|") and "CHECK" in line)
    ]
    text = "\n".join(lines) + "\n" + seed.read_text(encoding="utf-8")
    return frozenset(numbers_in(text))


# --- collection ----------------------------------------------------------------------------


def test_fact_base_found():
    shared = require_fact_base()
    assert (shared / "seed" / SEED_NAME).exists(), f"seed not found in {shared / 'seed'}"


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


def test_a_missing_fact_base_fails_in_ci_and_is_skipped_elsewhere(monkeypatch, tmp_path):
    import fact_base
    monkeypatch.setattr(fact_base, "REPO", tmp_path / "a" / "b" / "repo")
    monkeypatch.setenv("FACT_BASE_DIR", str(tmp_path / "nowhere"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        fact_base.require_fact_base()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        fact_base.require_fact_base()
    (tmp_path / "nowhere").mkdir()
    (tmp_path / "nowhere" / "facts.md").write_text("# Faits\n", encoding="utf-8")
    monkeypatch.setenv("CI", "true")
    assert fact_base.require_fact_base() == tmp_path / "nowhere"  # FACT_BASE_DIR is honoured
