"""Pure core: the front-matter contract, defined once as a JSON Schema, and its French messages.

`validate(doc, taxonomies)` returns every mistake of one file as ContentError (path, line, message):
the editor sees all of them at once, each on its own line. The controlled lists (themes,
audiences) come from content/data/taxonomies.yaml, loaded by `load_taxonomies`.
"""
from __future__ import annotations

import difflib
import json
import re

from jsonschema import Draft202012Validator, FormatChecker

from plugins.common.data import TAXONOMY_FILE  # data/taxonomies.yaml under PATH
from plugins.escaping.text import strings_in, text_problem
from plugins.escaping.urls import url_problem

from . import attachments
from .frontmatter import ContentError, Document, as_date
# The contract's other parts, named here too (one import for tools and tests): unfinished text,
# and the controlled lists' file.
from .placeholders import (ELLIPSIS_URL, PLACEHOLDER_BODIES, PLACEHOLDER_SOURCE_TITLE,  # noqa: F401
                           PLACEHOLDER_SUMMARY, PLACEHOLDER_WORDS, PLACEHOLDERS, find_placeholders)
from .taxonomies import SLUG_PATTERN, TAXONOMIES, load_taxonomies  # noqa: F401

REQUIRED = ("title", "summary", "date")
DATE_FIELDS = ("date", "updated", "review_by")
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# Lengths shown whole in lists and search results (the longest real ones: 65 and 269 characters).
MAX_TITLE = 150
MAX_SUMMARY = 400

# Example of each field, shown in error messages (« par exemple … »).
EXAMPLES = {
    "title": "title: \"Qu’est-ce que l’emprise ?\"",
    "summary": "summary: \"Une ou deux phrases simples qui résument la page.\"",
    "date": "date: 2026-11-28",
    "updated": "updated: 2026-11-28",
    "review_by": "review_by: 2027-11-28",
    "slug": "slug: emprise",
    "template": "template: page",
    "themes": "themes: [emprise, sante]",
    "audiences": "audiences: [familles, jeunes]",
    "sources": "sources: puis, en dessous, « - title: \"Titre de la source\" » et « url: \"https://…\" » "
               "(ou « page: rapport-2013-2014 » pour une page de ce site)",
    "legal_refs": "legal_refs: [\"Code pénal, article 223-15-2\"]",
    "related": "related: [emprise, indicateurs]",
    "contacts": "contacts: [\"119\", \"unadfi\"]",
    "attachments": "attachments: puis, en dessous, « - title: \"Rapport 2021\" » et « file: pdfs/rapport-2021.pdf »",
    "draft": "draft: true",
    "period": "period: \"2022-2024\"",
}

TYPE_FR = {"string": "un texte", "array": "une liste", "object": "un bloc de champs",
           "boolean": "true ou false", "integer": "un nombre entier", "number": "un nombre"}

_TEXT = {"type": "string", "pattern": r"\S", "not": {"type": "string", "pattern": r"<[A-Za-z/!?]"}}
_DATE = {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
_SLUG = {"type": "string", "pattern": SLUG_PATTERN}
_URL = {"type": "string"}  # checked and re-serialized by plugins/escaping/urls.py (see text_and_url_errors)
# Fields holding an address, and whether the rule accepts http:// (sources: some official documents are
# only published at an http address).
URL_FIELDS = {("sources", "url"): True}


def build_schema(taxonomies: dict | None = None) -> dict:
    """The JSON Schema of the front matter; controlled lists filled from `taxonomies`."""
    taxonomies = taxonomies or {}

    def controlled(name):
        ids = sorted(taxonomies.get(name, {}) or {})
        return {"type": "array", "uniqueItems": True,
                "items": {"type": "string", "enum": ids}}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": list(REQUIRED),
        "additionalProperties": False,
        "properties": {
            "title": {**_TEXT, "maxLength": MAX_TITLE},
            "summary": {**_TEXT, "maxLength": MAX_SUMMARY},
            "date": _DATE,
            "updated": _DATE,
            "review_by": _DATE,
            "slug": _SLUG,
            "template": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$"},
            "themes": controlled("themes"),
            "audiences": controlled("audiences"),
            # A source is an external address (`url`) or a page of this site (`page`: its slug,
            # resolved like `related` by plugins/site_structure), never both.
            "sources": {"type": "array", "items": {
                "type": "object", "required": ["title"], "additionalProperties": False,
                "properties": {"title": _TEXT, "url": _URL, "page": _SLUG},
                "oneOf": [{"required": ["url"]}, {"required": ["page"]}]}},
            "legal_refs": {"type": "array", "items": _TEXT},
            "related": {"type": "array", "uniqueItems": True, "items": _SLUG},
            "contacts": {"type": "array", "uniqueItems": True,
                         "items": {"type": ["string", "integer"]}},
            # Downloads: the rules that need no file (attachments.py); plugins/pdf_links checks the file.
            "attachments": {"type": "array", "items": attachments.item_schema(_TEXT)},
            "draft": {"type": "boolean"},
            # Years covered by a report summary (« 2022-2024 »): orders /rapports/ newest first.
            "period": {"type": "string", "pattern": r"^(19|20)\d\d(-(19|20)\d\d)?$"},
        },
    }


FIELDS = tuple(build_schema()["properties"])


def _suggest(value: str, choices) -> str:
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


def _where(path: tuple) -> str:
    """« sources » n° 2, champ « url » — how an editor finds a nested value."""
    if not path:
        return "l’en-tête"
    text = f"« {path[0]} »"
    if len(path) >= 2 and isinstance(path[1], int):
        text += f" (élément n° {path[1] + 1}"
        if len(path) >= 3:
            text += f", champ « {path[2]} »"
        text += ")"
    return text


def _messages(err, doc: Document, taxonomies: dict) -> list[tuple[tuple, str]]:
    """French message(s) for one jsonschema error: [(path, message)]."""
    path = tuple(err.absolute_path)
    field = next((p for p in reversed(path) if isinstance(p, str)), None)
    top = path[0] if path else None
    example = EXAMPLES.get(top, "")
    kind = err.validator
    value = err.instance

    if kind == "required":
        missing = [name for name in err.validator_value if name not in (value or {})]
        if not path:
            return [((), f"champ obligatoire « {name} » manquant : ajoutez « {EXAMPLES[name]} » dans "
                     "l’en-tête.") for name in missing]
        return [(path, f"{_where(path)} : il manque le champ « {name} » ; par exemple {example}.")
                for name in missing]
    if kind == "additionalProperties":
        known = list(err.schema.get("properties", {}))
        unknown = [k for k in value if k not in known]
        out = []
        for key in unknown:
            hint = _suggest(key, known)
            where = "" if not path else f" dans {_where(path)}"
            out.append((path + (key,), f"champ inconnu « {key} »{where}{hint} : corrigez son nom ou "
                        f"supprimez-le ; champs possibles : {', '.join(known)}."))
        return out
    if top == "attachments":
        found = attachments.messages(kind, path, value, _where)
        if found is not None:
            return found
    if top in DATE_FIELDS:
        return [(path, f"date invalide pour « {top} » ({value!r}) : écrivez une date qui existe sous la "
                 "forme AAAA-MM-JJ, par exemple 2026-11-28.")]
    if kind == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        wanted = " ou ".join(TYPE_FR.get(t, t) for t in expected)
        hint = " ; mettez la valeur entre guillemets" if "string" in expected else ""
        return [(path, f"{_where(path)} doit être {wanted}{hint} : par exemple {example}.")]
    if kind == "enum" and top in TAXONOMIES:
        known = sorted(taxonomies.get(top, {}) or {})
        label = "thème" if top == "themes" else "public"
        return [(path, f"« {value} » n’est pas un {label} connu{_suggest(value, known)} : choisissez "
                 f"parmi {', '.join(known)} (liste dans content/{TAXONOMY_FILE}, à compléter si "
                 "besoin).")]
    if kind == "not":
        return [(path, f"{_where(path)} contient une balise HTML : écrivez du texte simple, sans « < » "
                 "ni balise.")]
    if kind == "oneOf" and top == "sources" and isinstance(value, dict):
        if "url" in value and "page" in value:
            return [(path, f"{_where(path)} a à la fois « url » et « page » : gardez « url » pour une "
                     "source publiée ailleurs, ou « page » pour une page de ce site, pas les deux.")]
        return [(path, f"{_where(path)} : il manque l’adresse de la source ; ajoutez « url: \"https://…\" » "
                 "(l’adresse précise de la page citée) ou « page: » suivi du slug d’une page de ce site, "
                 "par exemple « page: rapport-2013-2014 ».")]
    if kind == "pattern" and field in ("slug", "page") or (kind == "pattern" and top == "related"):
        return [(path, f"{_where(path)} : « {value} » n’est pas un slug valide ; un slug s’écrit en "
                 "minuscules sans accent ni espace, avec des tirets, par exemple « sortir-d-un-groupe ».")]
    if kind == "pattern" and field == "template":
        return [(path, f"gabarit « {value} » invalide : écrivez le nom d’un gabarit de theme/templates/ "
                 "sans « .html », par exemple « template: page ».")]
    if kind == "pattern" and top == "period":
        return [(path, f"« period » : « {value} » n’est pas une période ; écrivez l’année ou les années "
                 "couvertes par le rapport, par exemple period: \"2022-2024\" ou period: \"2015\".")]
    if kind == "pattern":  # the \S pattern of texts
        return [(path, f"{_where(path)} est vide : écrivez un texte, par exemple {example}.")]
    if kind == "minItems":
        return [(path, f"{_where(path)} est une liste vide : ajoutez au moins un élément (par exemple "
                 f"{example}) ou supprimez la ligne.")]
    if kind == "uniqueItems":
        seen, twice = set(), []
        for item in value:
            if str(item) in seen:
                twice.append(str(item))
            seen.add(str(item))
        return [(path, f"{_where(path)} cite deux fois « {', '.join(twice)} » : gardez une seule fois "
                 "chaque valeur.")]
    if kind in ("maxLength", "maxItems"):
        unit = "caractères" if kind == "maxLength" else "éléments"
        return [(path, f"{_where(path)} est trop long (au plus {err.validator_value} {unit}) : raccourcissez-le.")]
    if kind == "enum":
        choices = ", ".join(str(c) for c in err.validator_value)
        return [(path, f"{_where(path)} : « {value} » n’est pas une valeur possible{_suggest(value, err.validator_value)} ; "
                 f"choisissez parmi {choices}.")]
    # Any other case: a French message without the validator's English text.
    return [(path, f"{_where(path)} : valeur invalide ; écrivez-la comme dans cet exemple : {example}.")]


def text_and_url_errors(doc: Document) -> list[tuple[int, str]]:
    """Invisible characters in any text (plugins/escaping/text.py) and addresses that the URL module
    refuses (plugins/escaping/urls.py): [(line, message)]."""
    found = []
    for path, text in strings_in(doc.metadata):
        named = tuple(p for p in path if isinstance(p, str))
        if named == ("attachments", "url"):  # the URL module's rule, in the attachments' words
            problem = "" if ELLIPSIS_URL.search(text) else attachments.url_message(text)
            if problem:
                found.append((doc.line_of(path), f"{_where(path[:2])} : {problem}"))
            continue
        if len(named) == 2 and named in URL_FIELDS:
            if ELLIPSIS_URL.search(text):  # an example address: one message, from _placeholder_sources
                continue
            problem = url_problem(text, allow_http=URL_FIELDS[named])
            if problem:
                found.append((doc.line_of(path), f"{_where(path)} : adresse « {text} » refusée : {problem}"))
            continue
        problem = text_problem(text)
        if problem:
            found.append((doc.line_of(path), f"{_where(path)} {problem}."))
    return found


_VALIDATORS: dict[str, Draft202012Validator] = {}


def _validator(taxonomies: dict) -> Draft202012Validator:
    """One compiled validator per set of controlled lists (not one per file)."""
    key = json.dumps(taxonomies, sort_keys=True, ensure_ascii=False)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = Draft202012Validator(build_schema(taxonomies), format_checker=FormatChecker())
    return _VALIDATORS[key]


def validate(doc: Document, taxonomies: dict | None = None, templates=None) -> list[ContentError]:
    """Every front-matter mistake of `doc`, in line order. `templates`: known template names
    (None: not checked)."""
    taxonomies = taxonomies or {}
    validator = _validator(taxonomies)
    found: list[tuple[int, str]] = []
    for err in validator.iter_errors(doc.metadata):
        for path, message in _messages(err, doc, taxonomies):
            line = doc.line_of(path) if path else 1
            found.append((line, message))
    found += text_and_url_errors(doc)
    meta = doc.metadata
    published, updated = as_date(meta.get("date")), as_date(meta.get("updated"))
    if published and updated and updated < published:
        found.append((doc.line_of(("updated",)), f"« updated » ({updated.isoformat()}) est antérieure à "
                      f"« date » ({published.isoformat()}) : une mise à jour ne peut pas précéder la "
                      "publication ; corrigez l’une des deux dates."))
    review = as_date(meta.get("review_by"))
    if published and review and review < published:
        found.append((doc.line_of(("review_by",)), f"« review_by » ({review.isoformat()}) est antérieure à "
                      f"« date » ({published.isoformat()}) : la date de relecture vient après la publication "
                      "(un an plus tard, en général) ; corrigez l’une des deux dates."))
    template = meta.get("template")
    if templates is not None and isinstance(template, str) and re.match(r"^[a-z0-9][a-z0-9_-]*$", template) \
            and template not in templates:
        found.append((doc.line_of(("template",)), f"gabarit « {template} » introuvable"
                      f"{_suggest(template, templates)} : gabarits possibles : "
                      f"{', '.join(sorted(templates))} ; ou supprimez la ligne pour le gabarit par défaut."))
    found = list(dict.fromkeys(found))  # a date can fail both its pattern and its format
    errors = [ContentError(doc.path, line, message) for line, message in found]
    errors += find_placeholders(doc)
    return sorted(errors, key=lambda e: e.line)
