"""Editorial checks on the site's content (fiches, prevention guides, report summaries, pages).

The site informs people who may be in danger: every figure, phone number, year or article
number it publishes must come from the shared fact base (``facts.md``) or the seed summary of
the 2013-2014 report. These tests check that mechanically, together with the front-matter
contract of ``docs/architecture.md``.

Standard library + PyYAML only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
SHARED = REPO.parent / "shared"
FACTS = SHARED / "facts.md"
SEED = SHARED / "seed" / "miviludes-rapport-2013-2014-resume.txt"
SECTIONS = ("fiches", "prevention", "rapports", "pages")

# Pages that legitimately carry no fact (hence no source and possibly no contact).
NO_FACT_PAGES = {"plan-du-site", "recherche", "gestion-des-cookies", "donnees-personnelles"}
# Pages whose body is a single sentence by design (the template lists or searches the content).
ONE_SENTENCE_PAGES = {"plan-du-site", "recherche"}
MIN_WORDS, MAX_WORDS = 250, 600
MINIMUM_COUNTS = {"fiches": 15, "prevention": 6, "rapports": 4}
REQUIRED_PAGES = {
    "a-propos", "signaler", "naviguer-en-securite", "accessibilite", "mentions-legales",
    "donnees-personnelles", "gestion-des-cookies", "plan-du-site", "recherche",
}

PLACEHOLDER = re.compile(
    r"\bTODO\b|\bXXX\b|\bFIXME\b|lorem\s+ipsum|\b[AÀaà]\s+COMPL[EÉeé]TER\b", re.IGNORECASE
)
# Headings the templates add themselves from the front matter: never written in the body.
TEMPLATE_HEADINGS = re.compile(
    r"^#+\s*(En bref|Où s'adresser|Textes de référence|Voir aussi|Sources)\b",
    re.IGNORECASE | re.MULTILINE,
)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

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


def slug_of(path: Path) -> str:
    meta, _ = parsed(path)
    return str(meta.get("slug") or path.stem)


@lru_cache(maxsize=None)
def all_slugs() -> dict[str, Path]:
    return {slug_of(p): p for p in FILES}


@lru_cache(maxsize=None)
def taxonomies() -> dict:
    return yaml.safe_load((CONTENT / "data" / "taxonomies.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def contact_ids() -> set[str]:
    """Ids from content/data/contacts.yaml when it exists, else the list in the architecture doc."""
    contacts_yaml = CONTENT / "data" / "contacts.yaml"
    if contacts_yaml.exists():
        data = yaml.safe_load(contacts_yaml.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "contacts" in data:
            data = data["contacts"]
        if isinstance(data, dict):
            return {str(key) for key in data}
        if isinstance(data, list):
            return {str(item["id"]) for item in data if isinstance(item, dict) and "id" in item}
    doc = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = doc.split("## Contact ids", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`([^`]+)`", section))


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


def visible_text(meta: dict, body: str) -> str:
    return "\n".join([str(meta.get("title", "")), str(meta.get("summary", "")), body])


def word_count(body: str) -> int:
    return sum(1 for token in body.split() if re.search(r"\w", token))


# --- collection ----------------------------------------------------------------------------


def test_fact_base_found():
    if not FACTS.exists():
        pytest.skip(f"fact base not found at {FACTS}")
    assert SEED.exists(), f"seed not found at {SEED}"


@pytest.mark.parametrize("section,minimum", sorted(MINIMUM_COUNTS.items()))
def test_enough_content(section, minimum):
    found = list((CONTENT / section).glob("*.md"))
    assert len(found) >= minimum, f"{section}: {len(found)} files, at least {minimum} expected"


def test_required_pages_exist():
    pages = {slug_of(p) for p in FILES if p.parent.name == "pages"}
    assert REQUIRED_PAGES <= pages, f"missing pages: {sorted(REQUIRED_PAGES - pages)}"


def test_slugs_are_unique():
    seen: dict[str, Path] = {}
    for path in FILES:
        slug = slug_of(path)
        assert slug not in seen, f"slug {slug!r} used by {seen.get(slug)} and {path}"
        seen[slug] = path


# --- per file ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_front_matter(path):
    meta, body = parsed(path)
    for key in ("title", "summary", "date"):
        assert meta.get(key), f"missing {key!r}"
    assert body.strip(), "empty body"
    slug = slug_of(path)
    assert SLUG_RE.match(slug), f"slug {slug!r} is not lowercase ascii with hyphens"
    assert slug == path.stem, f"slug {slug!r} differs from the file name {path.name!r}"
    if path.parent.name == "pages" and path.stem in ONE_SENTENCE_PAGES:
        assert meta.get("template") == path.stem, f"{path.stem} needs template: {path.stem}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_sources_and_contacts(path):
    meta, _ = parsed(path)
    sources = meta.get("sources") or []
    contacts = meta.get("contacts") or []
    assert isinstance(sources, list) and isinstance(contacts, list)
    for source in sources:
        assert source.get("title") and source.get("url"), f"incomplete source {source!r}"
        assert re.match(r"^https?://", str(source["url"])), f"source url {source['url']!r}"
    for attachment in meta.get("attachments") or []:
        assert attachment.get("title") and attachment.get("url"), f"incomplete {attachment!r}"
    unknown = {str(c) for c in contacts} - contact_ids()
    assert not unknown, f"unknown contact ids: {sorted(unknown)}"
    if slug_of(path) not in NO_FACT_PAGES:
        assert sources, "at least one source is required"
        assert contacts, "at least one contact is required"
    for contact in re.findall(r"\[\[contact:([^\]]+)\]\]", parsed(path)[1]):
        assert contact in contact_ids(), f"unknown inline contact {contact!r}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_placeholder(path):
    text = path.read_text(encoding="utf-8")
    found = PLACEHOLDER.search(text)
    assert not found, f"placeholder text {found.group(0)!r}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_number_is_sourced(path):
    allowed = sourced_numbers()
    meta, body = parsed(path)
    text = "\n".join([str(meta.get("summary", "")), body])
    unsourced = sorted(n for n in numbers_in(text) if must_be_sourced(n) and n not in allowed)
    assert not unsourced, f"numbers not found in facts.md or the seed: {unsourced}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_taxonomy_ids_exist(path):
    meta, _ = parsed(path)
    tax = taxonomies()
    for field in ("themes", "audiences"):
        values = meta.get(field) or []
        assert isinstance(values, list), f"{field} must be a list"
        unknown = {str(v) for v in values} - set(tax[field])
        assert not unknown, f"unknown {field}: {sorted(unknown)}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_related_and_links_exist(path):
    meta, body = parsed(path)
    related = meta.get("related") or []
    slugs = all_slugs()
    if slug_of(path) not in ONE_SENTENCE_PAGES:
        assert 2 <= len(related) <= 4, f"{len(related)} related pages, 2 to 4 expected"
    for slug in related:
        assert slug in slugs, f"related slug {slug!r} does not exist"
        assert slug != slug_of(path), "a page is related to itself"
    for target in re.findall(r"\]\(\{filename\}/?([^)#\s]+)", body):
        assert (CONTENT / target).is_file(), f"internal link to missing file {target!r}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_editorial_rules(path):
    meta, body = parsed(path)
    text = visible_text(meta, body)
    heading = TEMPLATE_HEADINGS.search(body)
    assert not heading, f"heading added by the template written in the body: {heading.group(0)!r}"
    for char, name in (("\u00a0", "non-breaking space"), ("\u202f", "narrow non-breaking space"),
                       ("\u2019", "curly apostrophe"), ("«", "«"), ("»", "»")):
        assert char not in text, f"{name} found: write straight quotes and normal spaces"
    # "Not to use" section of facts.md.
    assert not re.search(r"neuf crit[eè]res", text, re.IGNORECASE)
    slug = slug_of(path)
    section = path.parent.name
    if section in ("fiches", "prevention"):
        assert re.search(r"^## Que faire \?", body, re.MULTILINE), "missing '## Que faire ?'"
    if section == "prevention":
        for title in ("## Quels signes doivent vous alerter ?", "## Ce qu'il vaut mieux éviter"):
            assert title in body, f"missing {title!r}"
    if section == "rapports":
        for title in ("## Chiffres clés", "## Ce qui a changé"):
            assert title in body, f"missing {title!r}"
    if slug not in ONE_SENTENCE_PAGES:
        words = word_count(body)
        assert MIN_WORDS <= words <= MAX_WORDS, f"{words} words, {MIN_WORDS}-{MAX_WORDS} expected"
    assert meta.get("review_by"), "missing review_by"


def test_number_normalisation():
    assert numbers_in("2 391 saisines") == {"2391"}
    assert numbers_in("le 0 800 005 696") == {"0800005696"}
    assert numbers_in("le 116\u00a0006") == {"116006"}
    assert numbers_in("39 % et 40\u202f%") == {"39%", "40%"}
    assert numbers_in("€375,000") == {"375000"}
    assert numbers_in("03 20 57 26 77") == {"0320572677"}
    assert numbers_in("article 223-15-2") == {"223", "15", "2"}
