"""Claims of the content checked against the fact base: phone numbers, penalties, amounts, article
numbers, law and decree numbers, figures.

The fact base (`shared/facts.md` and its seed) is an editorial file kept beside the repository, not
in it; the content may state only what it lists, never a detail marked CHECK. This test parses the
fact base, extracts each kind of claim from every content file (title, summary, body, legal
references) and from the help directory (`content/data/contacts.yaml`), and asserts each claim is
in the fact base:

- phone numbers: short numbers in a calling context (« appelez le 17 », « au 116 006 », « **114** »)
  and long numbers (« 0 800 005 696 », « +33 1 80 52 33 76 »), against the numbers of the fact base's
  help section and every long number it gives;
- penalties: « N ans … X euros » pairs, tied to the article of the sentence (else the nearest one
  before), against the fact base's « N years and €X » pairs of that article;
- amounts in euros, against the fact base's amounts;
- article numbers (« 223-15-3 », « 21-1 ») and law or decree numbers (« n° 2024-420 »);
- figures: percentages and counts (« 2 391 saisines »), never described as counting « personnes »,
  and never two health shares of different measures in one paragraph.

`tests/test_content_facts.py` checks, more broadly, that every number is somewhere in the fact base;
this file checks each claim against the part of the fact base where it belongs, without CHECK items.
Standard library + PyYAML only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from fact_base import SEED_NAME, require_fact_base

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
SECTIONS = ("fiches", "prevention", "rapports", "pages")

SPACES = "[ \u00a0\u202f]"
MONTHS = ("janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
          "décembre|decembre")


# --- numbers ---------------------------------------------------------------------------------

def digits(raw: str) -> str:
    return re.sub(r"[^\d+]", "", raw)


def phone_key(raw: str) -> str:
    """« +33 1 80 52 33 76 », « +33180523376 » and « 01 80 52 33 76 » are one number."""
    number = digits(raw)
    if number.startswith("+33"):
        number = "0" + number[3:]
    return number


def amount_value(number: str, unit: str | None) -> int:
    value = 1 if number.lower() in ("un", "one") else int(re.sub(r"\D", "", number))
    return value * 1_000_000 if unit else value


# --- the fact base -----------------------------------------------------------------------------

def without_check(text: str) -> str:
    """The fact base without what it marks CHECK: table rows, parentheses and sentences."""
    kept = []
    for line in text.splitlines():
        if line.lstrip().startswith("|") and "CHECK" in line:
            continue
        kept.append(line)
    text = "\n".join(kept)
    text = re.sub(r"\([^()]*CHECK[^()]*\)", " ", text)
    # A sentence holding CHECK: from the previous sentence end (or line start) to the next one.
    text = re.sub(r"(?:(?<=[.:;])|(?<=^))[^.\n:;]*\*\*CHECK\*\*[^\n]*?(?:\.(?=\s|$)|$)", " ", text,
                  flags=re.M)
    return text


def sections(text: str) -> dict[str, str]:
    """`## 6. Help numbers…` -> {"6": body}."""
    out: dict[str, str] = {}
    for match in re.finditer(r"^## (\d+)\.[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S):
        out[match.group(1)] = match.group(2)
    return out


def bullets(text: str) -> list[str]:
    """Top-level and nested bullets, each joined with its continuation lines."""
    items: list[str] = []
    for line in text.splitlines():
        if re.match(r"^\s*- ", line):
            items.append(line.strip()[2:])
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()
        elif not line.strip():
            continue
    return items


LONG_PHONE = re.compile(
    rf"(?<![\w+])(?:\+33{SPACES}?\d(?:{SPACES}?\d\d){{4}}|0{SPACES}?[89]\d\d{SPACES}?\d{{3}}{SPACES}?\d{{3}}"
    rf"|0\d(?:{SPACES}?\d\d){{4}})(?![\w])")
ARTICLE = re.compile(r"(?<![\w-])(\d{2,3}(?:-\d{1,2}){1,2})(?![\w-])")
TEXT_NUMBER = re.compile(r"(?<![\w-])((?:\d{2}|\d{4})-\d{3,4})(?![\w-])")
FACT_PENALTY = re.compile(r"(\d+) years? and €(\d[\d,]*)")
FACT_AMOUNT = re.compile(r"€(\d[\d,]*)(\s*million)?")
FIGURE = re.compile(rf"(?<![\w,.-])\d{{1,3}}(?:{SPACES}\d{{3}}|,\d{{3}})*(?:{SPACES}?%)?(?![\w-])")


@dataclass
class FactBase:
    text: str  # facts.md + seed, without CHECK items
    phones: set[str] = field(default_factory=set)
    penalties: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    amounts: set[int] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    figures: set[str] = field(default_factory=set)


def parse_fact_base(facts: str, seed: str = "") -> FactBase:
    text = without_check(facts) + "\n" + seed
    base = FactBase(text=text)
    base.phones = {phone_key(m.group(0)) for m in LONG_PHONE.finditer(text)}
    help_section = sections(without_check(facts)).get("6", "")
    for item in bullets(help_section):
        item = LONG_PHONE.sub(" ", item)
        # « 17 », « 3919 », « 116 006 »; not times (« 9h », « 24h/24 ») nor years.
        for number in re.findall(r"(?<![\w/+])(\d{2,3}(?: \d{3})+|\d{2,4})(?![\w/])(?!\s*(?:h\b|years?))", item):
            if not re.fullmatch(r"(19|20)\d\d", number):
                base.phones.add(digits(number))
    for item in bullets(without_check(facts)):
        arts = re.findall(r"\bart(?:icle|\.)\s+(\d+(?:-\d+)+)", item)
        pairs = {(int(y), int(e.replace(",", ""))) for y, e in FACT_PENALTY.findall(item)}
        for art in arts if pairs else ():
            base.penalties.setdefault(art, set()).update(pairs)
    base.amounts = {amount_value(n, u) for n, u in FACT_AMOUNT.findall(text)}
    base.articles = set(ARTICLE.findall(text))
    base.figures = {re.sub(r"[ \u00a0\u202f,]", "", m.group(0)) for m in FIGURE.finditer(text)}
    return base


@lru_cache(maxsize=None)
def fact_base() -> FactBase:
    folder = require_fact_base()
    seed = folder / "seed" / SEED_NAME
    return parse_fact_base((folder / "facts.md").read_text(encoding="utf-8"),
                           seed.read_text(encoding="utf-8") if seed.is_file() else "")


# --- claims in the content -------------------------------------------------------------------------

CUE = r"(?:\b(?:[Ll]e|au|du|appelez|appeler|composez|contactez|joignez)\s+(?:le\s+|au\s+)?|\*\*)"
NOT_PHONE_AFTER = (rf"(?:{SPACES}*(?:%|ans?\b|euros|€|h\b|jours?\b|(?:{MONTHS})\b|saisines|signalements|"
                   r"demandes|cas\b|agents|associations|missions|indicateurs|personnes|[-/]\d)|\d)")
SHORT_PHONE = re.compile(rf"{CUE}(\d{{2,3}}{SPACES}\d{{3}}|\d{{2,4}})(?![\w-])(?!{NOT_PHONE_AFTER})")
PENALTY = re.compile(
    rf"(\d+){SPACES}ans?\b(?:{SPACES}de{SPACES}prison)?[^\d\n]{{0,25}}?"
    rf"(\d{{1,3}}(?:{SPACES}\d{{3}})*|un|1)({SPACES}millions?{SPACES}d['’])?{SPACES}*euros", re.I)
PRISON_ONLY = re.compile(rf"(\d+){SPACES}ans?{SPACES}de{SPACES}prison", re.I)
AMOUNT = re.compile(rf"(?<![\w])(\d{{1,3}}(?:{SPACES}\d{{3}})*|un|1)({SPACES}millions?{SPACES}d['’])?"
                    rf"{SPACES}*(?:euros|€)", re.I)
COUNTED = re.compile(rf"(?<![\w,.-])(\d{{1,3}}(?:{SPACES}\d{{3}})+|\d{{3,}})(?![\w-])"
                     rf"(?={SPACES}+(?:saisines|signalements|demandes|cas|agents|personnes|associations))")
PERCENT = re.compile(rf"(?<![\w,.-])(\d{{1,3}}){SPACES}?%")
PERSONS = re.compile(rf"(?<![\w,.-])\d{{1,3}}(?:{SPACES}\d{{3}})*{SPACES}+(?:[a-zé]+{SPACES}+){{0,2}}personnes\b", re.I)
HEALTH_SHARES = {"39%", "38%", "37%", "20%"}  # facts.md: health shares of different measures


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line}: {self.message}"


def readable(path: Path) -> tuple[str, int]:
    """The checked text of a content file (front matter title, summary, legal_refs, then the body,
    with links' addresses and comments removed, line numbers kept) and the line of its body."""
    raw = path.read_text(encoding="utf-8")
    match = re.match(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", raw, re.S)
    if not match:
        return raw, 1
    meta = yaml.safe_load(match.group(1)) or {}
    lines = ["" for _ in range(match.group(0).count("\n"))]
    for number, line in enumerate(match.group(0).splitlines()):
        if re.match(r"^(title|summary|legal_refs)\s*:", line):
            key = line.split(":", 1)[0]
            value = meta.get(key)
            lines[number] = " ; ".join(map(str, value)) if isinstance(value, list) else str(value or "")
    body = raw[match.end():]
    body = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), body, flags=re.S)
    body = re.sub(r"\]\([^)\s]*\)", "]", body)
    body = re.sub(r"https?://\S+", "", body)
    return "\n".join(lines) + "\n" + body, len(lines) + 1


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around text[start:end]."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    ends = [i for i in (text.find(". ", end), text.find(".\n", end), text.find("\n", end)) if i >= 0]
    return left + 1, min(ends) if ends else len(text)


def article_for(text: str, start: int, end: int) -> str | None:
    """The article a penalty belongs to: one named in its sentence, else the nearest one before."""
    left, right = sentence_bounds(text, start, end)
    inside = ARTICLE.findall(text[left:right])
    if inside:
        return inside[0]
    before = ARTICLE.findall(text[:start])
    return before[-1] if before else None


def check_text(text: str, base: FactBase) -> list[Problem]:
    """Every claim of `text` absent from `base`, with its line."""
    problems: list[Problem] = []

    def add(offset: int, message: str) -> None:
        problems.append(Problem(line_of(text, offset), message))

    # Phone numbers: long ones anywhere, short ones where the text calls them.
    masked = text
    for match in LONG_PHONE.finditer(text):
        if phone_key(match.group(0)) not in base.phones:
            add(match.start(), f"numéro de téléphone « {match.group(0)} » absent de la base de faits")
        masked = masked[:match.start()] + " " * len(match.group(0)) + masked[match.end():]
    for match in SHORT_PHONE.finditer(masked):
        number = digits(match.group(1))
        if re.fullmatch(r"(19|20)\d\d", number):
            continue  # a year (« **2015** : »)
        if number not in base.phones:
            add(match.start(1), f"numéro « {match.group(1)} » absent des numéros d'aide de la base de faits")

    # Penalties, tied to their article.
    paired_years: set[int] = set()
    for match in PENALTY.finditer(text):
        years, euros = int(match.group(1)), amount_value(match.group(2), match.group(3))
        paired_years.add(match.start(1))
        article = article_for(text, match.start(), match.end())
        allowed = base.penalties.get(article or "", set())
        if (years, euros) not in allowed:
            where = f"l'article {article}" if article else "aucun article"
            add(match.start(), f"peine « {match.group(0)} » absente de la base de faits pour {where}")
    for match in PRISON_ONLY.finditer(text):
        if match.start(1) in paired_years:
            continue
        article = article_for(text, match.start(), match.end())
        if int(match.group(1)) not in {y for y, _ in base.penalties.get(article or "", set())}:
            add(match.start(), f"peine « {match.group(0)} » absente de la base de faits")

    # Amounts.
    for match in AMOUNT.finditer(text):
        if amount_value(match.group(1), match.group(2)) not in base.amounts:
            add(match.start(), f"montant « {match.group(0)} » absent de la base de faits")

    # Articles, law and decree numbers.
    for match in ARTICLE.finditer(text):
        if match.group(1) not in base.articles:
            add(match.start(), f"article « {match.group(1)} » absent de la base de faits")
    for match in TEXT_NUMBER.finditer(text):
        first, second = match.group(1).split("-")
        if len(first) == 4 and re.fullmatch(r"(19|20)\d\d", second):
            continue  # a period (« 2022-2024 »)
        if match.group(1) not in base.text:
            add(match.start(), f"numéro de texte « {match.group(1)} » absent de la base de faits")

    # Figures.
    for pattern in (PERCENT, COUNTED):
        for match in pattern.finditer(text):
            value = re.sub(r"[ \u00a0\u202f]", "", match.group(0))
            if value not in base.figures:
                add(match.start(), f"chiffre « {match.group(0)} » absent de la base de faits (ou marqué CHECK)")
    for match in PERSONS.finditer(text):
        add(match.start(), f"« {match.group(0)} » : les chiffres comptent des signalements ou des "
                           "demandes, pas des personnes")
    for paragraph in re.finditer(r"(?:[^\n]+\n?)+", text):
        shares = {re.sub(r"\s", "", m.group(0)) for m in PERCENT.finditer(paragraph.group(0))} & HEALTH_SHARES
        if len(shares) > 1:
            add(paragraph.start(), f"parts de la santé de mesures différentes côte à côte : {sorted(shares)}")
    return problems


def content_files() -> list[Path]:
    return [p for section in SECTIONS for p in sorted((CONTENT / section).glob("**/*.md"))]


FILES = content_files()


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CONTENT)) for p in FILES])
def test_content_claims_are_in_the_fact_base(path):
    text, _ = readable(path)
    problems = check_text(text, fact_base())
    assert not problems, f"{path.relative_to(REPO)}:\n" + "\n".join(map(str, problems))


def contact_phones(data) -> list[tuple[str, str]]:
    """(contact id, number) of every phone, SMS and channel phone of contacts.yaml."""
    out = []
    for contact in data if isinstance(data, list) else []:
        if not isinstance(contact, dict):
            continue
        phones = [contact.get("phone"), contact.get("sms")]
        phones += [c.get("phone") for c in contact.get("channels") or [] if isinstance(c, dict)]
        for phone in phones:
            if isinstance(phone, dict):
                for key in ("e164", "display"):
                    if phone.get(key):
                        out.append((str(contact.get("id")), str(phone[key])))
    return out


def test_help_directory_phones_are_in_the_fact_base():
    data = yaml.safe_load((CONTENT / "data" / "contacts.yaml").read_text(encoding="utf-8"))
    base = fact_base()
    phones = contact_phones(data)
    assert phones, "no phone number read from contacts.yaml"
    unknown = [(cid, number) for cid, number in phones if phone_key(number) not in base.phones]
    assert not unknown, f"contacts.yaml: numbers absent from the fact base: {unknown}"


# --- the checker itself, on a small fact base ----------------------------------------------------

SAMPLE_FACTS = """# Facts
## 4. Law
- Abuse (art. 223-15-2 code pénal): 3 years and €375,000; 7 years and €1,000,000 in a gang. **CHECK** the wording.
  - New offence (art. 223-15-3 code pénal): 3 years and €375,000; 5 years and €750,000 online. (The 7-year tier: **CHECK**.)
- Loi n° 2024-420 du 10 mai 2024; new art. 21-1.

| Year | Figure | Source |
|---|---|---|
| 2020 | 3 008 saisines; 38 % health | x |
| 2021 | 4 020 signalements; about 20 % health | macommune.info — **CHECK** |
| 2024 | 4 571 signalements; health 37 % | y |

## 6. Help numbers (national, free)

- 17 Police secours: free from any phone, 24h/24, 7j/7.
- 116 006 France Victimes: 9h–19h; from abroad +33 1 80 52 33 76.
- CNAPR: 0 800 005 696, free.

## 7. Associations
- CAFFES: created 2014; phone 03 20 57 26 77. UNADFI: address and phone: **CHECK** (do not publish).
"""


@pytest.fixture(scope="module")
def sample() -> FactBase:
    return parse_fact_base(SAMPLE_FACTS)


def messages(text: str, base: FactBase) -> list[str]:
    return [p.message for p in check_text(text, base)]


def test_sample_fact_base_is_parsed(sample):
    assert {"17", "116006", "0180523376", "0800005696", "0320572677"} <= sample.phones
    assert "24" not in sample.phones and "2014" not in sample.phones
    assert sample.penalties["223-15-2"] == {(3, 375000), (7, 1000000)}
    assert sample.penalties["223-15-3"] == {(3, 375000), (5, 750000)}
    assert {375000, 750000, 1000000} <= sample.amounts
    assert {"223-15-2", "223-15-3", "21-1"} <= sample.articles
    assert "4020" not in sample.figures and "20%" not in sample.figures  # CHECK row left out
    assert {"3008", "38%", "4571", "37%"} <= sample.figures


def test_sourced_claims_pass(sample):
    text = ("Appelez le 17 ou France Victimes au 116 006 (depuis l'étranger : +33 1 80 52 33 76). "
            "Le CNAPR répond au 0 800 005 696. Le **17** est gratuit. Le CAFFES : 03 20 57 26 77.\n\n"
            "L'abus de faiblesse (article 223-15-2) : 3 ans et 375 000 euros, 7 ans et 1 million d'euros.\n\n"
            "La sujétion (article 223-15-3) : jusqu'à 5 ans de prison et 750 000 euros d'amende.\n\n"
            "Loi n° 2024-420, article 21-1. En 2024, 4 571 signalements ; 37 % sur 2022-2024.\n\n"
            "Le 10 mai 2024, le 22 décembre 1995, de 9 h à 19 h, 24 h sur 24, **2015** : une année.")
    assert messages(text, sample) == []


@pytest.mark.parametrize("wrong,expected", [
    ("Appelez le 0 800 123 456.", "numéro de téléphone"),
    ("Le CCMM répond au 01 23 45 67 89.", "numéro de téléphone"),
    ("En cas de doute, appelez le 3117.", "numéros d'aide"),
    ("Contactez le **115**.", "numéros d'aide"),
    ("La sujétion (article 223-15-3) : 7 ans et 1 million d'euros.", "peine"),  # the CHECK tier
    ("L'abus de faiblesse (article 223-15-2) : 3 ans et 300 000 euros.", "peine"),
    ("L'abus de faiblesse (article 223-15-2) : jusqu'à 10 ans de prison.", "peine"),
    ("Une amende de 45 000 euros.", "montant"),
    ("Voir l'article 223-15-4 du code pénal.", "article"),
    ("Le décret n° 2019-123 l'a modifié.", "numéro de texte"),
    ("En 2021, 4 020 signalements.", "chiffre"),  # a CHECK row
    ("La santé représente 20 % des demandes.", "chiffre"),
    ("En 2024, 4 571 personnes ont contacté la Miviludes.", "pas des personnes"),
    ("La santé : 38 % en 2020, puis 37 % sur 2022-2024.", "côte à côte"),
])
def test_unsourced_claims_fail(sample, wrong, expected):
    found = messages(wrong, sample)
    assert any(expected in message for message in found), found


def test_help_directory_phone_keys():
    data = [{"id": "cnapr", "phone": {"e164": "+33800005696", "display": "0 800 005 696"}},
            {"id": "114", "sms": {"e164": "114", "display": "114"},
             "channels": [{"kind": "telephone", "phone": {"e164": "+33180523376", "display": "x"}}]}]
    assert [phone_key(n) for _, n in contact_phones(data)] == [
        "0800005696", "0800005696", "114", "114", "0180523376", ""]


def test_readable_text_keeps_lines_and_drops_addresses(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('---\ntitle: "T"\nsummary: "Appelez le 17."\nsources:\n  - title: "S"\n'
                    '    url: "https://example.org/0800123456"\n---\n\nVoir [x](../fiches/a-223-15-9.md).\n'
                    "<!-- 0 800 999 999 -->\nLe 3119.\n", encoding="utf-8")
    text, body_line = readable(page)
    assert "Appelez le 17." in text and "0800123456" not in text and "223-15-9" not in text
    assert "0 800 999 999" not in text
    assert line_of(text, text.index("Le 3119")) == 11
    assert body_line == 8
