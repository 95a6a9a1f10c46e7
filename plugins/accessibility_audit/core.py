"""Pure core: the RGAA 4.1 audit grid (docs/rgaa/grille.yaml) read, checked and computed.

The grid holds the 106 criteria; each has a default result for every page of the sample and,
where a page differs, a result of its own. A result is a status (C, NC, NA) and its evidence:
the automated tests that prove it (pytest node ids) and/or a short French note of the manual
check. RGAA's way: a criterion is NC when it is NC on one page at least, C when it is C on one
page at least and NC on none, NA when it is NA everywhere; the rate is C / (C + NC).
"""
from __future__ import annotations

import ast
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from plugins.common.dates import date_fr

STATUSES = ("C", "NC", "NA")
# Number of criteria of each RGAA 4.1 theme (1 Images … 13 Consultation): 106 in all.
THEME_SIZES = {1: 9, 2: 2, 3: 3, 4: 13, 5: 8, 6: 2, 7: 5, 8: 10, 9: 4, 10: 14, 11: 13, 12: 11, 13: 12}
THEMES = {1: "Images", 2: "Cadres", 3: "Couleurs", 4: "Multimédia", 5: "Tableaux", 6: "Liens",
          7: "Scripts", 8: "Éléments obligatoires", 9: "Structuration de l’information",
          10: "Présentation de l’information", 11: "Formulaires", 12: "Navigation", 13: "Consultation"}
MAX_GRID_BYTES = 1_000_000
_NODE_ID = re.compile(r"^(tests/[A-Za-z0-9_/]+\.py)::([A-Za-z_][A-Za-z0-9_]*)(\[[^\]\n]+\])?$")


class GridError(ValueError):
    """The grid is not usable: every problem, one per line (« grille.yaml: … — … »)."""


@dataclass(frozen=True)
class Result:
    status: str
    tests: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Criterion:
    number: str
    title: str
    results: dict  # page id -> Result

    @property
    def theme(self) -> int:
        return int(self.number.split(".")[0])

    @property
    def status(self) -> str:
        statuses = {r.status for r in self.results.values()}
        if "NC" in statuses:
            return "NC"
        return "C" if "C" in statuses else "NA"

    def pages_with(self, status: str) -> list[str]:
        return [page for page, r in self.results.items() if r.status == status]


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    url: str
    kind: str = "page"  # page or document


@dataclass
class Audit:
    date: dt.date
    auditor: str
    pages: list[Page]
    criteria: list[Criterion]
    technologies: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    environments: list[str] = field(default_factory=list)
    exemptions: list[str] = field(default_factory=list)
    out_of_scope: list[str] = field(default_factory=list)
    # How to report an accessibility problem without an account (https:// form or mailto:), from the
    # fact base only; "CHECK" (none sourced yet) keeps the site from being « totalement conforme ».
    contact: str = "CHECK"
    # Documents under a derogation for disproportionate burden: {page id: {document address}}. On those
    # pages the document is not evaluated (RGAA: the accessible version is given on request) and 13.3
    # may be NA; the tests check that each is still offered there and listed by the declaration.
    derogated_documents: dict = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for c in self.criteria if c.status == status)

    @property
    def rate(self) -> float:
        """Share of applicable criteria that are met, in percent (RGAA: C / (C + NC))."""
        applicable = self.count("C") + self.count("NC")
        return 100.0 * self.count("C") / applicable if applicable else 0.0

    @property
    def has_contact(self) -> bool:
        return self.contact != "CHECK"

    @property
    def state(self) -> str:
        """« totalement », « partiellement » or « non » conforme (State model: 100 %, 50 % at least).
        No way to report a problem (contact still CHECK): never « totalement »."""
        if self.count("NC") == 0 and self.count("C") > 0 and self.has_contact:
            return "totalement conforme"
        return "partiellement conforme" if self.rate >= 50 else "non conforme"

    @property
    def non_conformities(self) -> list[Criterion]:
        return [c for c in self.criteria if c.status == "NC"]

    def missing_evidence(self) -> list[tuple[str, list[str]]]:
        """(criterion number, page ids) of every C or NA result that cites no test: a C needs a test
        that would fail if the criterion failed, an NA the check that proves the content is absent
        (issue 25). `make audit` lists them and fails."""
        missing = []
        for criterion in self.criteria:
            pages = [p for p, r in criterion.results.items() if r.status in ("C", "NA") and not r.tests]
            if pages:
                missing.append((criterion.number, pages))
        return missing

    def test_ids(self) -> list[str]:
        """Every test node id the grid cites, once, in grid order."""
        seen: dict[str, None] = {}
        for criterion in self.criteria:
            for result in criterion.results.values():
                for test in result.tests:
                    seen.setdefault(test, None)
        return list(seen)

    def summary(self) -> dict:
        """What templates show (plain values only)."""
        page_titles = {p.id: p.title for p in self.pages}
        return {
            "date": self.date.isoformat(),
            "date_text": french_date(self.date),
            "auditor": self.auditor,
            "rate": self.rate,
            "rate_text": format_rate(self.rate),
            "state": self.state,
            "counts": {s: self.count(s) for s in STATUSES},
            "total": len(self.criteria),
            "pages": [{"title": p.title, "url": p.url, "kind": p.kind} for p in self.pages],
            "technologies": list(self.technologies),
            "tools": list(self.tools),
            "environments": list(self.environments),
            "exemptions": list(self.exemptions),
            "out_of_scope": list(self.out_of_scope),
            "contact": self.contact if self.has_contact else None,
            "non_conformities": [
                {"number": c.number, "title": c.title, "theme": THEMES[c.theme],
                 "pages": [page_titles[p] for p in c.pages_with("NC")],
                 "notes": [c.results[p].note for p in c.pages_with("NC") if c.results[p].note]}
                for c in self.non_conformities],
        }


def french_date(day: dt.date) -> str:
    return date_fr(day, space=" ")


def format_rate(rate: float) -> str:
    """« 98,5 % » (one decimal, French comma, narrow no-break space); « 100 % » when whole."""
    text = f"{rate:.1f}".replace(".", ",")
    return (text[:-2] if text.endswith(",0") else text) + "\u202f%"


def expected_numbers() -> list[str]:
    return [f"{theme}.{n}" for theme, size in THEME_SIZES.items() for n in range(1, size + 1)]


def _result(raw, where: str, errors: list[str]) -> Result | None:
    if not isinstance(raw, dict):
        errors.append(f"{where} : résultat illisible — écrivez « statut », « tests » et/ou « note »")
        return None
    unknown = set(raw) - {"statut", "tests", "note"}
    if unknown:
        errors.append(f"{where} : clé(s) inconnue(s) {sorted(unknown)} — gardez « statut », « tests », « note »")
    status = raw.get("statut")
    if status not in STATUSES:
        errors.append(f"{where} : statut « {status} » invalide — écrivez C, NC ou NA")
        return None
    tests = raw.get("tests") or []
    if not isinstance(tests, list) or not all(isinstance(t, str) for t in tests):
        errors.append(f"{where} : « tests » doit être une liste d’identifiants pytest")
        tests = []
    for test in tests:
        if not _NODE_ID.match(test):
            errors.append(f"{where} : identifiant de test « {test} » invalide — "
                          "écrivez tests/chemin/test_x.py::test_nom")
    note = raw.get("note") or ""
    if not isinstance(note, str):
        errors.append(f"{where} : « note » doit être un texte")
        note = ""
    if status == "C" and not tests and not note.strip():
        errors.append(f"{where} : critère conforme sans preuve — citez un test ou décrivez la vérification faite")
    if status == "NC" and not note.strip():
        errors.append(f"{where} : non-conformité sans description — écrivez dans « note » ce qui ne va pas")
    return Result(status, tuple(tests), note.strip())


def parse(text: str, name: str = "grille.yaml") -> Audit:
    """The audit of a grid's YAML text; GridError lists every problem."""
    if len(text.encode("utf-8")) > MAX_GRID_BYTES:
        raise GridError(f"{name} : fichier trop gros (plus de {MAX_GRID_BYTES} octets)")
    try:
        # libyaml when PyYAML has it (same safe rules): the grid is read on every build, and the
        # pure-Python parser took about a second of each one.
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        raise GridError(f"{name} : YAML illisible ({exc}) — corrigez la syntaxe") from None
    errors: list[str] = []
    if not isinstance(data, dict):
        raise GridError(f"{name} : la grille doit être un dictionnaire (audit, echantillon, criteres)")
    meta = data.get("audit") or {}
    date = meta.get("date")
    if not isinstance(date, dt.date):
        errors.append(f"{name} : audit.date manquante ou invalide — écrivez AAAA-MM-JJ")
        date = dt.date(1970, 1, 1)
    pages: list[Page] = []
    for i, raw in enumerate(data.get("echantillon") or []):
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("id", "titre", "url")):
            errors.append(f"{name} : echantillon[{i}] doit avoir id, titre et url (textes)")
            continue
        kind = raw.get("type", "page")
        if kind not in ("page", "document"):
            errors.append(f"{name} : echantillon[{i}].type « {kind} » invalide — page ou document")
        pages.append(Page(raw["id"], raw["titre"], raw["url"], kind))
    ids = [p.id for p in pages]
    if not pages:
        errors.append(f"{name} : échantillon vide — listez les pages auditées")
    if len(set(ids)) != len(ids):
        errors.append(f"{name} : identifiant de page en double dans l’échantillon")
    documents_default = data.get("documents_defaut")
    criteria: list[Criterion] = []
    raw_criteria = data.get("criteres") or []
    for i, raw in enumerate(raw_criteria):
        number = str(raw.get("numero", "")) if isinstance(raw, dict) else ""
        where = f"{name} : critère {number or i}"
        if not isinstance(raw, dict) or not isinstance(raw.get("titre"), str):
            errors.append(f"{where} : numero et titre requis")
            continue
        unknown_keys = set(raw) - {"numero", "titre", "defaut", "document", "pages"}
        if unknown_keys:
            errors.append(f"{where} : clé(s) inconnue(s) {sorted(unknown_keys)} — "
                          "gardez numero, titre, defaut, document, pages")
        default = raw.get("defaut")
        per_page = raw.get("pages") or {}
        if not isinstance(per_page, dict):
            errors.append(f"{where} : « pages » doit associer un identifiant de page à un résultat")
            per_page = {}
        for page in per_page:
            if page not in ids:
                errors.append(f"{where} : page « {page} » absente de l’échantillon")
        results = {}
        for page in pages:
            if page.id in per_page:
                raw_result = per_page[page.id]
            elif page.kind == "document":  # documents: the grid's default for documents
                raw_result = raw.get("document", documents_default)
            else:
                raw_result = default
            if raw_result is None:
                errors.append(f"{where} : aucun résultat pour « {page.id} » — ajoutez « defaut » "
                              f"(ou documents_defaut) ou pages.{page.id}")
                continue
            result = _result(raw_result, f"{where} ({page.id})", errors)
            if result:
                results[page.id] = result
        criteria.append(Criterion(number, raw["titre"].strip(), results))
    numbers = [c.number for c in criteria]
    if numbers != expected_numbers():
        missing = [n for n in expected_numbers() if n not in numbers]
        extra = [n for n in numbers if n not in expected_numbers()]
        errors.append(f"{name} : les 106 critères du RGAA 4.1 doivent figurer une fois, dans l’ordre"
                      f" (manquants : {missing or 'aucun'} ; en trop ou mal placés : {extra or 'ordre'})")

    derogations, derogated = _derogations(meta.get("derogations") or [], ids, name, errors)

    def texts(key):
        value = meta.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors.append(f"{name} : audit.{key} doit être une liste de textes")
            return []
        return value
    contact = meta.get("contact", "CHECK")
    if not isinstance(contact, str) or not (contact == "CHECK" or re.fullmatch(r"https://[^\s\"<>]+", contact)
                                            or re.fullmatch(r"mailto:[^\s\"<>@]+@[^\s\"<>@]+", contact)):
        errors.append(f"{name} : audit.contact « {contact} » invalide — écrivez l’adresse https:// d’un formulaire "
                      "ou mailto:adresse tirée de la base de faits, ou CHECK tant qu’il n’y en a pas")
        contact = "CHECK"
    audit = Audit(date, str(meta.get("auditeur") or ""), pages, criteria, texts("technologies"),
                  texts("outils"), texts("environnements"), derogations, texts("hors_champ"), contact,
                  derogated)
    if errors:
        raise GridError("\n".join(errors))
    return audit


def _derogations(raw, ids: list[str], name: str, errors: list[str]) -> tuple[list[str], dict]:
    """audit.derogations: texts for the declaration; an entry may be {texte, documents, pages}: the
    text, the documents' addresses (http(s)) and the sampled pages that offer them."""
    texts, documents = [], {}
    if not isinstance(raw, list):
        errors.append(f"{name} : audit.derogations doit être une liste")
        return texts, documents
    for i, entry in enumerate(raw):
        where = f"{name} : audit.derogations[{i}]"
        if isinstance(entry, str):
            texts.append(entry)
            continue
        if not isinstance(entry, dict) or set(entry) - {"texte", "documents", "pages"} \
                or not isinstance(entry.get("texte"), str) or not entry["texte"].strip():
            errors.append(f"{where} : écrivez un texte, ou « texte », « documents » (adresses) et « pages » "
                          "(identifiants de l’échantillon)")
            continue
        urls, pages = entry.get("documents") or [], entry.get("pages") or []
        if not isinstance(urls, list) or not urls or not all(
                isinstance(u, str) and re.fullmatch(r"https?://[^\s\"<>]+", u) for u in urls):
            errors.append(f"{where} : « documents » doit lister les adresses http(s) des documents concernés")
            urls = []
        if not isinstance(pages, list) or not pages or not all(p in ids for p in pages):
            errors.append(f"{where} : « pages » doit lister les pages de l’échantillon qui proposent ces documents")
            pages = []
        texts.append(entry["texte"].strip())
        for page in pages:
            documents.setdefault(page, set()).update(urls)
    return texts, documents


def load(path: Path) -> Audit:
    return parse(Path(path).read_text(encoding="utf-8"), Path(path).name)


def missing_tests(test_ids, root: Path) -> list[str]:
    """Node ids whose file or test function does not exist under `root` (parametrized ids: the
    function must exist; the parameter is checked by pytest when the test runs)."""
    missing = []
    functions: dict[str, set[str]] = {}
    for test in test_ids:
        match = _NODE_ID.match(test)
        if not match:
            missing.append(test)
            continue
        rel, func = match.group(1), match.group(2)
        if rel not in functions:
            path = root / rel
            if not path.is_file():
                functions[rel] = set()
            else:
                tree = ast.parse(path.read_text(encoding="utf-8"))
                functions[rel] = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        if func not in functions[rel]:
            missing.append(test)
    return missing
